import { readFileSync } from "node:fs";
import type { TokenizerSpec } from "../tokenizer-spec.js";
import { describeTokenizerJson, type TokenizerJsonDescription } from "../tokenizer-json/describe.js";
import type { PreTokenizer } from "../tokenizer-json/pre-tokenizer.js";
import { type Unsupported, typeName } from "../tokenizer-json/unsupported.js";

const CUT_PREFIX_CHARS = /[ 、。！？!?,.]/u;

function splitsByRegex(p: PreTokenizer | Unsupported | null): boolean {
  if (!p) return false;
  if (p.type === "Sequence") return p.pretokenizers.some(splitsByRegex);
  if (p.type === "Split") return "Regex" in p.pattern;
  if (p.type === "ByteLevel") return p.useRegex !== false;
  return false;
}

/**
 * Whether counting the parts of a document cut at segment.ts's safe points gives the count of
 * the whole: true for tiktoken encodings, and for tokenizer.json BPE models whose pre-tokenizer
 * splits with a regex and whose added tokens contain none of the cut characters.
 */
export function isSegmentable(spec: TokenizerSpec): boolean {
  if (spec.kind === "tiktoken") return true;
  if (spec.kind === "sentencepiece-model") return false;
  return isSegmentableJson(describeTokenizerJson(JSON.parse(readFileSync(spec.path, "utf8"))));
}

/** isSegmentable for a described tokenizer.json. */
export function isSegmentableJson(json: TokenizerJsonDescription): boolean {
  if (typeName(json.model) !== "BPE" || !splitsByRegex(json.preTokenizer)) return false;
  return !json.addedTokens.some((t) => CUT_PREFIX_CHARS.test(t.content));
}
