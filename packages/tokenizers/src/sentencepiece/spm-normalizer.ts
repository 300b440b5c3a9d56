import { graphemesAsReference } from "../text/grapheme-clusters.js";
import { NFKC_BARRIER_RANGES, NFKC_BARRIER_UNICODE } from "./nfkc-barriers.generated.js";
import { PrecompiledCharsmap } from "./precompiled-charsmap.js";
import { PrecompiledNormalizer } from "./precompiled-normalizer.js";
import type { Normalizer } from "../tokenizer-json/normalizer.js";
import type { Unsupported } from "../tokenizer-json/unsupported.js";
import { isWhiteSpace } from "../text/white-space.js";

/**
 * The normalizers SentencePiece conversions to tokenizer.json use, in the order given: Prepend
 * (a string before a non-empty text, usually "▁"), Replace (a plain string by another, usually
 * " " by "▁"; or runs of two or more spaces, the regex " {2,}"; or LLM-jp's regexes " " and
 * "(?<!\n)^", which are a Replace and a Prepend), Strip (White_Space at either end), NFKC where
 * the caller accepts it, and Precompiled (a SentencePiece charsmap, applied by grapheme clusters
 * as precompiled-normalizer.ts says) when this Node's clusters are the reference's. They apply to
 * each stretch of text between added tokens, as Hugging Face's normalizers do. Anything else
 * (other regexes, lowercasing, a charsmap that does not read...) is not recognised here, and the
 * counter falls back to the library.
 */
export type SpmNormalizerStep =
  | { type: "Prepend"; prepend: string }
  | { type: "Replace"; from: string; to: string }
  | { type: "ReplaceSpaceRuns"; to: string }
  | { type: "Strip"; left: boolean; right: boolean }
  | { type: "NFKC" }
  /** The charsmap's bytes, checked by PrecompiledCharsmap.parse; plain data, so the step can go to a worker thread. */
  | { type: "Precompiled"; charsmap: Uint8Array };

/** Charsmaps checked in this thread, by their base64 (a model is checked for support, then built): the bytes, or null if they do not read. */
const checkedCharsmaps = new Map<string, Uint8Array | null>();

function checkedCharsmap(base64: string): Uint8Array | null {
  let bytes = checkedCharsmaps.get(base64);
  if (bytes === undefined) {
    bytes = new Uint8Array(Buffer.from(base64, "base64"));
    try {
      PrecompiledCharsmap.parse(bytes, "Precompiled normalizer");
    } catch {
      bytes = null;
    }
    checkedCharsmaps.set(base64, bytes);
  }
  return bytes;
}

/** The steps of a tokenizer.json normalizer, or undefined if it has a part we do not implement. */
export function spmNormalizerSteps(
  normalizer: Normalizer | Unsupported | null,
  options: { nfkc: boolean; precompiled: boolean },
): SpmNormalizerStep[] | undefined {
  if (!normalizer) return [];
  switch (normalizer.type) {
    case "Sequence": {
      const steps: SpmNormalizerStep[] = [];
      for (const part of normalizer.normalizers) {
        const inner = spmNormalizerSteps(part, options);
        if (!inner) return undefined;
        steps.push(...inner);
      }
      return steps;
    }
    case "Prepend":
      return normalizer.prepend.length === 0 ? [] : [{ type: "Prepend", prepend: normalizer.prepend }];
    case "Replace": {
      const { pattern, content } = normalizer;
      if ("String" in pattern)
        return pattern.String.length > 0 ? [{ type: "Replace", from: pattern.String, to: content }] : undefined;
      if (pattern.Regex === " {2,}") return [{ type: "ReplaceSpaceRuns", to: content }];
      // A regex that is a plain string (LLM-jp writes " ").
      if (pattern.Regex === " ") return [{ type: "Replace", from: " ", to: content }];
      // LLM-jp's prefix: Oniguruma's ^ matches at the start of each line, and the look-behind
      // keeps only the text's start: a Prepend (the library never normalizes an empty stretch).
      if (pattern.Regex === "(?<!\\n)^") return content.length === 0 ? [] : [{ type: "Prepend", prepend: content }];
      return undefined;
    }
    case "Strip":
      return [{ type: "Strip", left: normalizer.stripLeft, right: normalizer.stripRight }];
    case "NFKC":
      return options.nfkc && process.versions.unicode === NFKC_BARRIER_UNICODE ? [{ type: "NFKC" }] : undefined;
    case "Precompiled": {
      // An empty charsmap is no normalizer (spm_precompiled cannot read one; the library says so).
      if (!options.precompiled || !graphemesAsReference() || normalizer.precompiledCharsmap.length === 0)
        return undefined;
      const charsmap = checkedCharsmap(normalizer.precompiledCharsmap);
      return charsmap ? [{ type: "Precompiled", charsmap }] : undefined;
    }
    default:
      return undefined;
  }
}

const SPACE_RUNS = / {2,}/g;

/** Each Precompiled step's normalizer, built on first use in each thread (its lookups are cached per step). */
const precompiledNormalizers = new WeakMap<object, PrecompiledNormalizer>();

function precompiledNormalizer(step: Extract<SpmNormalizerStep, { type: "Precompiled" }>): PrecompiledNormalizer {
  let normalizer = precompiledNormalizers.get(step);
  if (!normalizer) {
    normalizer = new PrecompiledNormalizer(PrecompiledCharsmap.fromChecked(step.charsmap, "Precompiled normalizer"));
    precompiledNormalizers.set(step, normalizer);
  }
  return normalizer;
}

/** `text` normalized by the steps. */
export function normalizeSpm(text: string, steps: readonly SpmNormalizerStep[]): string {
  for (const step of steps) {
    switch (step.type) {
      case "Prepend":
        if (text.length > 0) text = step.prepend + text;
        break;
      case "Replace":
        if (text.includes(step.from)) text = text.replaceAll(step.from, step.to);
        break;
      case "ReplaceSpaceRuns":
        if (text.includes("  ")) text = text.replace(SPACE_RUNS, step.to);
        break;
      case "Strip":
        text = stripWhiteSpace(text, step.left, step.right);
        break;
      case "NFKC":
        text = nfkcAsReference(text);
        break;
      case "Precompiled":
        text = precompiledNormalizer(step).normalize(text);
        break;
    }
  }
  return text;
}

function stripWhiteSpace(text: string, left: boolean, right: boolean): string {
  let start = 0;
  let end = text.length;
  if (left) while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
  if (right) while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const barrierBmp = new Uint8Array(0x10000);
const barrierAstral = new Set<number>();
for (const [from, to] of NFKC_BARRIER_RANGES)
  for (let cp = from; cp <= to; cp++) cp > 0xffff ? barrierAstral.add(cp) : (barrierBmp[cp] = 1);

const unitEscape = (unit: number) => `\\u${unit.toString(16).padStart(4, "0")}`;

/**
 * Whether a text may hold a barrier: a BMP one, or any high surrogate (astral barriers are told
 * apart by the loop). Most texts hold neither; the regular expression finds that out faster than
 * a loop over their units.
 */
const MAY_HOLD_BARRIER = new RegExp(
  `[${NFKC_BARRIER_RANGES.filter(([from]) => from <= 0xffff)
    .map(([from, to]) => `${unitEscape(from)}-${unitEscape(to)}`)
    .join("")}\\ud800-\\udbff]`,
);

/**
 * NFKC as the native tokenizers compute it: this Node's NFKC between the characters the
 * reference's older Unicode does not know (nfkc-barriers.generated.ts), which it leaves as they
 * are and which block combining across them.
 */
export function nfkcAsReference(text: string): string {
  if (!MAY_HOLD_BARRIER.test(text)) return text.normalize("NFKC");
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let width = 1;
    let barrier = barrierBmp[c] === 1;
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      width = 2;
      barrier = barrierAstral.has(text.codePointAt(i)!);
    }
    if (barrier) {
      out += text.slice(from, i).normalize("NFKC") + text.slice(i, i + width);
      from = i + width;
    }
    i += width - 1;
  }
  return from === 0 ? text.normalize("NFKC") : out + text.slice(from).normalize("NFKC");
}
