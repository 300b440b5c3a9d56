import { formatSize, isOwnRelease, type Entry, type Size, type SizeUnit } from "@corpus-census/catalog";

/**
 * How close a catalog figure is to the corpus's text, closest first: characters of the text,
 * bytes of the text, word counts (whose unit varies with the publisher's method), and last
 * the bytes of a container (files that also hold record framing, metadata or markup), which
 * only bound the text from above.
 */
export const SIZE_BASES = ["text-characters", "text-bytes", "words", "container-bytes"] as const;
export type SizeBasis = (typeof SIZE_BASES)[number];

const WORD_COUNT_UNITS: readonly SizeUnit[] = ["short-unit-words", "morphemes", "words", "whitespace-words"];

/** A figure without its scope: value and unit, enough to name it beside another. */
const short = (size: Size) => formatSize({ ...size, scope: undefined });

const BASIS_TEXT: Record<SizeBasis, string> = {
  "text-characters": "characters of the text",
  "text-bytes": "bytes of the text",
  words: "a word count",
  "container-bytes": "bytes of a container",
};

/** Where a figure stands in SIZE_BASES, or undefined when it cannot be converted to tokens. */
export function sizeBasis(size: Size, lang: "ja" | "en"): SizeBasis | undefined {
  if (size.unit === "characters") return "text-characters";
  if (size.unit === "bytes-uncompressed") return size.container ? "container-bytes" : "text-bytes";
  if (WORD_COUNT_UNITS.includes(size.unit)) return lang === "ja" && size.unit === "whitespace-words" ? undefined : "words";
  return undefined;
}

export interface SizeChoice {
  size: Size;
  basis: SizeBasis;
  /** Which figure was converted and why, naming the figures passed over. */
  reason: string;
}

/**
 * The figure of an entry closest to its text: a figure for the whole entry (no scope) before
 * one for a part, then by SIZE_BASES, then the unit order within a basis, then the latest, then
 * the largest; only figures of the entry's own release (corpusVersion). Undefined when the entry
 * has no convertible figure.
 */
export function chooseSize(entry: Entry, lang: "ja" | "en"): SizeChoice | undefined {
  // A figure of another release of the corpus than the entry's is history, never converted for it.
  const candidates = entry.sizes.filter((size) => isOwnRelease(entry, size)).flatMap((size) => {
    const basis = sizeBasis(size, lang);
    return basis ? [{ size, basis }] : [];
  });
  candidates.sort(
    (a, b) =>
      Number(a.size.scope !== undefined) - Number(b.size.scope !== undefined) ||
      SIZE_BASES.indexOf(a.basis) - SIZE_BASES.indexOf(b.basis) ||
      WORD_COUNT_UNITS.indexOf(a.size.unit) - WORD_COUNT_UNITS.indexOf(b.size.unit) ||
      b.size.asOf.localeCompare(a.size.asOf) ||
      b.size.value - a.size.value,
  );
  const chosen = candidates[0];
  if (!chosen) return undefined;
  const passedOver = candidates.slice(1).filter((c) => c.basis !== chosen.basis || c.size.unit !== chosen.size.unit);
  const parts = [BASIS_TEXT[chosen.basis]];
  if (chosen.basis === "container-bytes") parts.push(`(${chosen.size.container}): no figure of the text itself, so the estimate is an upper bound`);
  const closer = passedOver.filter((c) => SIZE_BASES.indexOf(c.basis) < SIZE_BASES.indexOf(chosen.basis));
  const farther = passedOver.filter((c) => SIZE_BASES.indexOf(c.basis) > SIZE_BASES.indexOf(chosen.basis));
  if (farther.length) parts.push(`preferred over ${farther.map((c) => `${short(c.size)} (${BASIS_TEXT[c.basis]})`).join(", ")}`);
  if (closer.length) parts.push(`the figures closer to the text cover only a part (${closer.map((c) => short(c.size)).join(", ")})`);
  return { size: chosen.size, basis: chosen.basis, reason: parts.join(" ") };
}
