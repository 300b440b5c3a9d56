import type { Entry } from "@corpus-census/catalog";
import { overlapFloor, type Interval, type ListReport, type Report } from "@corpus-census/estimate";

/** The report's totals with overlapping corpora counted once, as far as the catalog's flags tell. */
export interface OverlapFloor {
  /** Groups of counted entries joined by `overlaps` flags (ids), each of two or more. */
  groups: string[][];
  /** Per tokenizer with a figure: the total if, in each group, only its largest corpus were counted (estimate's overlapFloor). */
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
  const { groups, floor } = overlapFloor(
    list.entries,
    list.entries.flatMap((e) => byId.get(e.id) ?? []),
    tokenizers,
  );
  return { groups: groups.map((g) => g.ids), floor };
}

export function overlapFloors(report: Report, entries: Entry[]): Record<"ja" | "en" | "usable", OverlapFloor> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    ja: listFloor(report.lists.ja, byId, report.tokenizers),
    en: listFloor(report.lists.en, byId, report.tokenizers),
    usable: listFloor(report.lists.usable, byId, report.tokenizers),
  };
}
