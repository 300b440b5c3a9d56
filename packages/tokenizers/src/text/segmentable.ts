import { readFileSync } from "node:fs";
import type { TokenizerSpec } from "../tokenizer-spec.js";

const CUT_PREFIX_CHARS = /[ 、。！？!?,.]/u;

interface PreTokenizer {
  type: string;
  pretokenizers?: PreTokenizer[];
  pattern?: { Regex?: string; String?: string };
  use_regex?: boolean;
}

function splitsByRegex(p: PreTokenizer | null | undefined): boolean {
  if (!p) return false;
  if (p.type === "Sequence") return (p.pretokenizers ?? []).some(splitsByRegex);
  if (p.type === "Split") return typeof p.pattern?.Regex === "string";
  if (p.type === "ByteLevel") return p.use_regex !== false;
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
  return isSegmentableJson(JSON.parse(readFileSync(spec.path, "utf8")));
}

/** isSegmentable for a parsed tokenizer.json. */
export function isSegmentableJson(parsed: unknown): boolean {
  const json = parsed as { model?: { type?: string }; pre_tokenizer?: PreTokenizer | null; added_tokens?: { content: string }[] };
  if (json.model?.type !== "BPE" || !splitsByRegex(json.pre_tokenizer)) return false;
  return !(json.added_tokens ?? []).some((t) => CUT_PREFIX_CHARS.test(t.content));
}
