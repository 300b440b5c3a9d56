import { formatSize, isOwnRelease, type Entry, type Size, type SizeUnit } from "@corpus-census/catalog";

/**
 * How close a catalog figure is to the corpus's text, closest first: characters of the text,
 * bytes of the text, word counts (whose unit varies with the publisher's method), and last
 * the bytes of a container (files that also hold record framing, metadata or markup), which
 * only bound the text from above.
 */
const SIZE_BASES = ["text-characters", "text-bytes", "words", "container-bytes"] as const;
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
function sizeBasis(size: Size, lang: "ja" | "en"): SizeBasis | undefined {
  if (size.unit === "characters") return "text-characters";
  if (size.unit === "bytes-uncompressed") return size.container ? "container-bytes" : "text-bytes";
  if (WORD_COUNT_UNITS.includes(size.unit))
    return lang === "ja" && size.unit === "whitespace-words" ? undefined : "words";
  return undefined;
}

interface SizeChoice {
  size: Size;
  basis: SizeBasis;
  /** Which figure was converted and why, naming the figures passed over. */
  reason: string;
}

/**
 * How well each figure converts: its unit's leave-one-file-out error for the entry's language
 * and text kind (a root mean square of log errors), and whether the unit is only a stand-in for
 * what the publisher counted (a word count of unstated method measured as kuromoji morphemes).
 */
export interface ConversionError {
  error: number;
  standIn: boolean;
  /** The error in words, for the reason: "bytes 2.1 %". */
  label: string;
}

/**
 * The figure of an entry to convert. A figure for the whole entry (no scope) comes before one
 * for a part. Without `conversionError`, the closest to the text wins (SIZE_BASES order, then
 * the unit order within a basis). With it, among figures of the text the unit that predicts
 * tokens best wins (smallest leave-one-file-out error), figures in a unit census measures before
 * stand-ins, and a container's bytes stay last (they only bound the text from above). Ties go to
 * the latest, then the largest figure. Undefined when the entry has no convertible figure.
 */
export function chooseSize(
  entry: Entry,
  lang: "ja" | "en",
  conversionError?: (size: Size) => ConversionError | undefined,
): SizeChoice | undefined {
  // A figure of another release of the corpus than the entry's is history, never converted for it.
  const candidates = entry.sizes
    .filter((size) => isOwnRelease(entry, size))
    .flatMap((size) => {
      const basis = sizeBasis(size, lang);
      return basis ? [{ size, basis, error: basis === "container-bytes" ? undefined : conversionError?.(size) }] : [];
    });
  const byError = (a: (typeof candidates)[number], b: (typeof candidates)[number]) =>
    a.error && b.error ? Number(a.error.standIn) - Number(b.error.standIn) || a.error.error - b.error.error : 0;
  const isContainer = (c: (typeof candidates)[number]) => Number(c.basis === "container-bytes");
  candidates.sort(
    (a, b) =>
      Number(a.size.scope !== undefined) - Number(b.size.scope !== undefined) ||
      (conversionError ? isContainer(a) - isContainer(b) || byError(a, b) : 0) ||
      SIZE_BASES.indexOf(a.basis) - SIZE_BASES.indexOf(b.basis) ||
      WORD_COUNT_UNITS.indexOf(a.size.unit) - WORD_COUNT_UNITS.indexOf(b.size.unit) ||
      b.size.asOf.localeCompare(a.size.asOf) ||
      b.size.value - a.size.value,
  );
  const chosen = candidates[0];
  if (!chosen) return undefined;
  const passedOver = candidates.slice(1).filter((c) => c.basis !== chosen.basis || c.size.unit !== chosen.size.unit);
  const parts = [BASIS_TEXT[chosen.basis]];
  if (chosen.basis === "container-bytes")
    parts.push(`(${chosen.size.container}): no figure of the text itself, so the estimate is an upper bound`);
  if (conversionError && chosen.error) {
    const whole = passedOver.filter((c) => (c.size.scope !== undefined) === (chosen.size.scope !== undefined));
    const rivals = whole.filter((c) => c.error);
    const label = (c: (typeof candidates)[number]) =>
      `${c.error!.label}${c.error!.standIn ? " (a stand-in unit)" : ""}`;
    // Two catalog units can convert through one measured unit (short-unit words and words, both as morphemes).
    const labels = [...new Set([chosen, ...rivals].map(label))];
    parts.push(
      labels.length > 1
        ? `converts best of this entry's figures (leave-one-file-out error: ${labels.join("; ")})`
        : `(leave-one-file-out error: ${labels[0]})`,
    );
    const containers = whole.filter((c) => c.basis === "container-bytes");
    if (containers.length)
      parts.push(`preferred over ${containers.map((c) => `${short(c.size)} (${BASIS_TEXT[c.basis]})`).join(", ")}`);
    const partial = passedOver.filter(
      (c) => c.size.scope !== undefined && chosen.size.scope === undefined && c.basis !== "container-bytes",
    );
    if (partial.length)
      parts.push(
        `the figures of the text that cover only a part are not used (${partial.map((c) => short(c.size)).join(", ")})`,
      );
  } else {
    const farther = passedOver.filter((c) => SIZE_BASES.indexOf(c.basis) > SIZE_BASES.indexOf(chosen.basis));
    if (farther.length)
      parts.push(`preferred over ${farther.map((c) => `${short(c.size)} (${BASIS_TEXT[c.basis]})`).join(", ")}`);
    const closer = passedOver.filter((c) => SIZE_BASES.indexOf(c.basis) < SIZE_BASES.indexOf(chosen.basis));
    if (closer.length)
      parts.push(`the figures closer to the text cover only a part (${closer.map((c) => short(c.size)).join(", ")})`);
  }
  return { size: chosen.size, basis: chosen.basis, reason: parts.join(" ") };
}
