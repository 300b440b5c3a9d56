import {
  entryList,
  isOwnRelease,
  isUsable,
  type Calibration,
  type Catalog,
  type Entry,
  type EstimateRun,
} from "@corpus-census/catalog";
import { sumIntervals, type Interval } from "./interval.js";
import { entryReport, leftOutReason, type ReportEntry } from "./report-entry.js";

/** Reference points the current list is set against (ids in catalog/references.json). */
const CURRENT_REFERENCES = ["gpt3", "llama2", "llm-jp-corpus-v4"] as const;

/** Entries whose `overlaps` flags link them, directly or through others: the same text may be in each. */
interface OverlapGroup {
  ids: string[];
  /** Per tokenizer, the member whose estimate stands for the group in the total (the largest). */
  counted: Record<string, string>;
}

export interface CurrentTotals {
  /** Overlap-aware: each overlap group counts once, by its largest member; other entries are added. */
  estimates: Record<string, Interval>;
  /** The plain sum over the same entries, overlaps and all: an upper bound of the distinct text. */
  upperBound: Record<string, Interval>;
  /** The entries whose estimates are in the totals (an entry estimated for only some tokenizers is in those). */
  entries: string[];
  overlapGroups: OverlapGroup[];
}

export interface CurrentListReport extends CurrentTotals {
  /** How the totals treat overlaps and collections, in words. */
  method: string;
  /** The same totals over the entries usable for commercial training (README, "What usable means"). */
  usable: CurrentTotals;
  /** Every counted entry's estimate (for entries with none, the notes say why). */
  perEntry: ReportEntry[];
  excluded: { id: string; reason: string }[];
  /**
   * Sizes the makers published in tokens, summed per tokenizer over the counted entries that have
   * one (tokens of different tokenizers are never added; overlaps are not removed from these sums).
   * Only figures of each entry's own release are summed: a figure an entry keeps of an older
   * release of its corpus (corpusVersion other than its version) is never added to today's.
   */
  publishedTokens: Record<
    string,
    { value: number; entries: { id: string; value: number; scope?: string; corpusVersion?: string }[] }
  >;
  comparedWith: string[];
}

/** Connected components of the overlap graph among `ids` (a flag to an entry outside them is ignored). */
function overlapGroups(entries: Entry[]): string[][] {
  const ids = new Set(entries.map((e) => e.id));
  const parent = new Map<string, string>([...ids].map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const e of entries) {
    for (const f of e.flags) {
      if (f.code !== "overlaps" || !f.target || !ids.has(f.target)) continue;
      const [a, b] = [find(e.id), find(f.target)];
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  const groups = new Map<string, string[]>();
  for (const e of entries) groups.set(find(e.id), [...(groups.get(find(e.id)) ?? []), e.id]);
  return [...groups.values()].filter((g) => g.length > 1);
}

/** Totals with overlapping entries counted once: the distinct text is at least this, as far as the `overlaps` flags name every overlap. */
interface DistinctFloor {
  /** Overlap groups among the entries, each with the member that stands for it per tokenizer. */
  groups: OverlapGroup[];
  /**
   * Per tokenizer: the sum counting, of each overlap group, only its largest member, and every
   * other entry; absent for a tokenizer no entry has a figure for (never a total of 0).
   */
  floor: Record<string, Interval>;
}

/** The overlap floor of `estimated` (the estimates of `entries`, whose flags give the overlap groups). */
export function overlapFloor(estimated: ReportEntry[], entries: Entry[], tokenizers: string[]): DistinctFloor {
  const byId = new Map(estimated.map((r) => [r.id, r]));
  const ids = overlapGroups(entries.filter((e) => byId.has(e.id)));
  const grouped = new Set(ids.flat());
  const groups: OverlapGroup[] = ids.map((ids) => ({ ids, counted: {} }));
  const floor: Record<string, Interval> = {};
  for (const t of tokenizers) {
    if (!estimated.some((r) => r.tokens[t])) continue;
    const single = estimated.filter((r) => !grouped.has(r.id) && r.tokens[t]).map((r) => r.tokens[t]!);
    const largest: Interval[] = [];
    for (const group of groups) {
      const members = group.ids.map((id) => byId.get(id)!).filter((r) => r.tokens[t]);
      if (members.length === 0) continue;
      const top = members.reduce((a, b) => (b.tokens[t]!.value > a.tokens[t]!.value ? b : a));
      group.counted[t] = top.id;
      largest.push(top.tokens[t]!);
    }
    floor[t] = sumIntervals([...single, ...largest]);
  }
  return { groups, floor };
}

function totals(estimated: ReportEntry[], entries: Entry[], tokenizers: string[]): CurrentTotals {
  const { groups, floor } = overlapFloor(estimated, entries, tokenizers);
  // The plain sum, for the same tokenizers as the floor.
  const upperBound = Object.fromEntries(
    Object.keys(floor).map((t) => [t, sumIntervals(estimated.filter((r) => r.tokens[t]).map((r) => r.tokens[t]!))]),
  );
  return {
    estimates: floor,
    upperBound,
    entries: estimated.filter((r) => Object.keys(r.tokens).length > 0).map((r) => r.id),
    overlapGroups: groups,
  };
}

/**
 * The report's question asked of today's corpora: the current list's token totals, all and
 * usable for commercial training. A collection is counted whole when it has an estimate, and
 * its parts then are not; without one, its parts are counted. Overlapping Common Crawl
 * derivatives count once per overlap group (the largest member), with the plain sum beside it.
 */
export function currentListReport(
  catalog: Catalog,
  calibration: Calibration | undefined,
  runs: EstimateRun[],
  tokenizers: string[],
): CurrentListReport {
  const current = catalog.entries.filter((e) => entryList(e) === "current");
  const ids = new Set(current.map((e) => e.id));
  const excluded: CurrentListReport["excluded"] = [];
  const candidates: Entry[] = [];
  for (const e of current) {
    const reason = leftOutReason(e, ids);
    if (reason) excluded.push({ id: e.id, reason });
    else candidates.push(e);
  }
  const estimates = new Map(candidates.map((e) => [e.id, entryReport(e, calibration, runs, tokenizers)]));
  const hasEstimate = (id: string) => Object.keys(estimates.get(id)?.tokens ?? {}).length > 0;
  const counted: Entry[] = [];
  for (const e of candidates) {
    const collection = e.partOf ? candidates.find((c) => c.id === e.partOf) : undefined;
    if (collection && hasEstimate(collection.id))
      excluded.push({ id: e.id, reason: `part of ${collection.id}, which is counted whole` });
    else if (e.parts && !hasEstimate(e.id) && e.parts.some((p) => ids.has(p)))
      excluded.push({
        id: e.id,
        reason: `a collection without a convertible size: its parts on this list are counted instead (${e.parts.filter((p) => ids.has(p)).join(", ")})`,
      });
    else counted.push(e);
  }
  const perEntry = counted.map((e) => estimates.get(e.id)!);
  const usableEntries = counted.filter((e) => isUsable(e, "commercial"));
  const publishedTokens: CurrentListReport["publishedTokens"] = {};
  for (const e of counted) {
    // One figure per entry and tokenizer, of the entry's own release (a v3 figure under a v4 entry is
    // history, never added to v4 figures): a whole-entry figure if there is one, else the first; its scope goes with it.
    const tokenSizes = e.sizes
      .filter((s) => s.unit === "tokens" && s.tokenizer && isOwnRelease(e, s))
      .sort((a, b) => Number(a.scope !== undefined) - Number(b.scope !== undefined));
    const seen = new Set<string>();
    for (const s of tokenSizes) {
      if (seen.has(s.tokenizer!)) continue;
      seen.add(s.tokenizer!);
      const sum = (publishedTokens[s.tokenizer!] ??= { value: 0, entries: [] });
      sum.value += s.value;
      sum.entries.push({
        id: e.id,
        value: s.value,
        ...(s.scope ? { scope: s.scope } : {}),
        ...(s.corpusVersion ? { corpusVersion: s.corpusVersion } : {}),
      });
    }
  }
  return {
    method:
      "Overlapping entries (linked by overlaps flags, e.g. the filtered Common Crawl derivatives) count once per overlap group, by the member with the largest estimate; upperBound is the plain sum. A collection with an estimate is counted whole and its parts are not; a collection without one is counted through its parts. Entries that are not text or cannot be had, and subsets of counted entries, are left out.",
    ...totals(perEntry, counted, tokenizers),
    usable: totals(
      perEntry.filter((r) => usableEntries.some((e) => e.id === r.id)),
      usableEntries,
      tokenizers,
    ),
    perEntry,
    excluded,
    publishedTokens,
    comparedWith: CURRENT_REFERENCES.filter((id) => catalog.references.some((r) => r.id === id)),
  };
}
