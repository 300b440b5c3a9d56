import { entryList, type Entry, type Size, type SizeUnit } from "@corpus-census/catalog";

/** The report's method: total word count × 0.5 for Japanese corpora, × 4/3 for English. */
const REPORT_FACTORS: Record<"ja" | "en", number> = { ja: 0.5, en: 4 / 3 };
/** What the report says the method gave. */
export const REPORT_CLAIMS = {
  ja: { tokens: 250e9, corpora: 24 },
  en: { tokens: 480e9, corpora: 28 },
} as const;

/** Units a "word count" can be in, in the order a figure is preferred when an entry has several. */
export const WORD_UNITS: readonly SizeUnit[] = ["short-unit-words", "words", "whitespace-words", "long-unit-words"];

/**
 * The figure of an entry in one of `units`: figures for the whole entry (no scope) first, then
 * the unit order given, then the latest, then the largest.
 */
export function pickSize(entry: Entry, units: readonly SizeUnit[]): Size | undefined {
  const candidates = entry.sizes.filter((s) => units.includes(s.unit));
  candidates.sort(
    (a, b) =>
      Number(a.scope !== undefined) - Number(b.scope !== undefined) ||
      units.indexOf(a.unit) - units.indexOf(b.unit) ||
      b.asOf.localeCompare(a.asOf) ||
      b.value - a.value,
  );
  return candidates[0];
}

interface HeuristicEntry {
  id: string;
  /** The report's number; null for an entry of the current list. */
  number: number | null;
  size: Size;
  tokens: number;
}

interface HeuristicResult {
  list: "ja" | "en";
  factor: number;
  words: number;
  tokens: number;
  corpora: number;
  used: HeuristicEntry[];
  /** Entries of the list with no word count in the catalog. */
  withoutWordCount: string[];
  claim: { tokens: number; corpora: number };
}

/**
 * The report's arithmetic over any set of entries: each word count × the factor of the
 * entry's list (English × 4/3, others × 0.5), summed.
 */
export function applyHeuristic(
  entries: Entry[],
): Pick<HeuristicResult, "words" | "tokens" | "corpora" | "used" | "withoutWordCount"> {
  const used: HeuristicEntry[] = [];
  const withoutWordCount: string[] = [];
  for (const entry of entries) {
    const size = pickSize(entry, WORD_UNITS);
    if (size)
      used.push({
        id: entry.id,
        number: entry.report?.number ?? null,
        size,
        tokens: size.value * REPORT_FACTORS[entryList(entry) === "en" ? "en" : "ja"],
      });
    else withoutWordCount.push(entry.id);
  }
  return {
    words: used.reduce((n, u) => n + u.size.value, 0),
    tokens: used.reduce((n, u) => n + u.tokens, 0),
    corpora: used.length,
    used,
    withoutWordCount,
  };
}

/** Applies the report's arithmetic to one list's cited word counts. */
export function reportHeuristic(entries: Entry[], list: "ja" | "en"): HeuristicResult {
  const result = applyHeuristic(entries.filter((e) => entryList(e) === list));
  return { list, factor: REPORT_FACTORS[list], ...result, claim: REPORT_CLAIMS[list] };
}
