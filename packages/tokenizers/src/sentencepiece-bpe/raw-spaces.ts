import type { SpmNormalizerStep } from "../sentencepiece/spm-normalizer.js";
import type { SentencePieceNormalizerSpec } from "../sentencepiece-model/spm-model-normalizer.js";
import type { RawSpaces } from "./line-scanner.js";

/**
 * Whether a normalizer only writes one character for each space (and perhaps that character
 * before the text), so that the scanner can apply it while reading the raw text: a tokenizer.json's
 * Replace " " (Gemma 3), with a Prepend of the same character (Llama 2); a .model without a
 * charsmap or extra-whitespace removal (Llama). The character must be a token, one UTF-16 unit.
 */
export function rawSpacesOf(
  normalizer: readonly SpmNormalizerStep[] | SentencePieceNormalizerSpec,
  charIds: Int32Array,
): Omit<RawSpaces, "added"> | undefined {
  const isToken = (s: string) => s.length === 1 && (s < "\ud800" || s > "\udfff") && charIds[s.charCodeAt(0)]! >= 0;
  if (!Array.isArray(normalizer)) {
    const spec = normalizer as SentencePieceNormalizerSpec;
    if (spec.charsmap.length > 0 || spec.removeExtraWhitespaces || spec.userDefined.length > 0) return undefined;
    return isToken("▁") ? { replacement: "▁".charCodeAt(0), prefix: spec.addDummyPrefix } : undefined;
  }
  const steps = normalizer as readonly SpmNormalizerStep[];
  const replaces = steps.filter((s) => s.type === "Replace");
  const prepends = steps.filter((s) => s.type === "Prepend");
  if (replaces.length !== 1 || prepends.length > 1 || replaces.length + prepends.length !== steps.length)
    return undefined;
  const { from, to } = replaces[0]!;
  if (from !== " " || !isToken(to)) return undefined;
  // The prefix has no space, so that the Replace leaves it as it is, before or after it.
  if (prepends.length === 1 && prepends[0]!.prepend !== to) return undefined;
  return { replacement: to.charCodeAt(0), prefix: prepends.length === 1 };
}
