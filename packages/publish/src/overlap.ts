import type { Entry } from "@corpus-census/catalog";
import { sumIntervals, type Interval, type ListReport, type Report } from "@corpus-census/estimate";

/** The report's totals with overlapping corpora counted once, as far as the catalog's flags tell. */
export interface OverlapFloor {
  /** Groups of counted entries joined by `overlaps` flags (ids), each of two or more. */
  groups: string[][];
  /** Per tokenizer: the total if, in each group, only its largest corpus were counted. */
  floor: Record<string, Interval>;
}

/**
 * Overlapping corpora (the Common Crawl derivatives, COCA and COHA, ...) are each counted in the
 * report's totals, so a total is an upper bound of the distinct text. The distinct text of a
 * group of overlapping corpora is at least its largest member: counting only that member in
 * each group gives the figure beside the upper bound. It is a floor only as far as the flags
 * name every overlap; how much the corpora share is not measured.
 */
function listFloor(list: ListReport, byId: Map<string, Entry>, tokenizers: string[]): OverlapFloor {
  const counted = new Set(list.entries.map((e) => e.id));
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  for (const id of counted) parent.set(id, id);
  for (const id of counted) {
    for (const flag of byId.get(id)?.flags ?? []) {
      if (flag.code !== "overlaps" || !flag.target || !counted.has(flag.target)) continue;
      const [a, b] = [find(id), find(flag.target)];
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  const members = new Map<string, string[]>();
  for (const e of list.entries) members.set(find(e.id), [...(members.get(find(e.id)) ?? []), e.id]);
  const groups = [...members.values()].filter((g) => g.length > 1);
  const floor: Record<string, Interval> = {};
  for (const t of tokenizers) {
    const kept: Interval[] = [];
    for (const group of members.values()) {
      const figures = group.map((id) => list.entries.find((e) => e.id === id)!.tokens[t]).filter((x): x is Interval => x !== undefined);
      if (figures.length > 0) kept.push(figures.reduce((a, b) => (b.value > a.value ? b : a)));
    }
    floor[t] = sumIntervals(kept);
  }
  return { groups, floor };
}

export function overlapFloors(report: Report, entries: Entry[]): Record<"ja" | "en" | "usable", OverlapFloor> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    ja: listFloor(report.lists.ja, byId, report.tokenizers),
    en: listFloor(report.lists.en, byId, report.tokenizers),
    usable: listFloor(report.lists.usable, byId, report.tokenizers),
  };
}
