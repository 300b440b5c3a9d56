import { formatSize, type Entry, type EstimateRun, type RunCoverage, type SizeUnit } from "@corpus-census/catalog";

/**
 * How far a run's figure may stray from the catalog's and still be the same corpus: versions,
 * deduplication and a container's overhead move sizes, but not by a factor of three.
 */
const CONSISTENT_FACTOR = 3;

interface SizeComparison {
  /** What is compared: documents, bytes (uncompressed) or characters. */
  what: "documents" | "bytes-uncompressed" | "characters";
  run: number;
  catalog: number;
  /** The catalog figure as the catalog states it. */
  catalogText: string;
  consistent: boolean;
}

/** The run's figures beside the catalog's figures of the same unit (the closest one where there are several). */
export function compareWithCatalog(coverage: RunCoverage, entry: Entry): SizeComparison[] {
  const bytes = coverage.textBytes ?? (coverage.uncompressed ? coverage.inputBytes : null);
  const figures: [SizeComparison["what"], number | null][] = [
    ["documents", coverage.documents],
    ["bytes-uncompressed", bytes],
    ["characters", coverage.characters],
  ];
  const comparisons: SizeComparison[] = [];
  for (const [what, run] of figures) {
    if (run === null) continue;
    const sizes = entry.sizes.filter((s) => s.unit === (what as SizeUnit) && s.value > 0);
    if (sizes.length === 0) continue;
    const distance = (v: number) => Math.abs(Math.log(Math.max(run, 1) / v));
    const closest = sizes.sort((a, b) => distance(a.value) - distance(b.value))[0]!;
    comparisons.push({
      what,
      run,
      catalog: closest.value,
      catalogText: formatSize(closest),
      consistent: distance(closest.value) <= Math.log(CONSISTENT_FACTOR),
    });
  }
  return comparisons;
}

/** The comparisons side by side, one line each, for a refusal or a note. */
export function renderComparisons(comparisons: SizeComparison[]): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  return comparisons
    .map(
      (c) =>
        `  ${c.what}: this run ${n(c.run)} | catalog ${c.catalogText} | ${c.consistent ? "consistent" : `off by ${(c.run > c.catalog ? c.run / c.catalog : c.catalog / c.run).toFixed(c.run > c.catalog ? 1 : 0)}×`}`,
    )
    .join("\n");
}

/**
 * Whether a recorded run may stand for its entry's whole corpus in the report, and if not, why.
 * A run of a shard or a sample file never replaces the estimate of the whole; nor does one
 * whose figures disagree with the catalog's, or one that does not say what it covers.
 */
export function runStandsForEntry(run: EstimateRun, entry: Entry): { ok: true } | { ok: false; reason: string } {
  if (!run.coverage)
    return {
      ok: false,
      reason: `run ${run.id} does not record what it covers (saved by an older version); save it again with --covers whole`,
    };
  if (run.coverage.covers !== "whole")
    return { ok: false, reason: `run ${run.id} covers a ${run.coverage.covers} of ${entry.id}, not the whole corpus` };
  const off = compareWithCatalog(run.coverage, entry).filter((c) => !c.consistent);
  if (off.length)
    return {
      ok: false,
      reason: `run ${run.id} disagrees with the catalog's sizes: ${off.map((c) => `${c.what} ${Math.round(c.run).toLocaleString("en-US")} vs ${c.catalogText}`).join("; ")}`,
    };
  return { ok: true };
}
