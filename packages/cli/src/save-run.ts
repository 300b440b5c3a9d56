import { join } from "node:path";
import { COVERAGES, type Coverage, type Entry, type EstimateRun, type RunCoverage } from "@corpus-census/catalog";
import { writeNew } from "@corpus-census/common";
import { compareWithCatalog, renderComparisons } from "@corpus-census/estimate";
import { BUNDLED_CATALOG_DIR, openCatalog } from "./catalog-location.js";
import type { Output } from "./output.js";
import { UsageError } from "./usage-error.js";
import { TOOL_VERSION } from "./version.js";

/** Checks --entry and --covers before any work is done. */
export function parseSaveOptions(
  values: { save?: boolean; entry?: string; covers?: string; catalog?: string },
  out?: Output,
): { covers: Coverage; entry?: Entry } | undefined {
  if (!values.save) {
    if (values.entry !== undefined || values.covers !== undefined)
      throw new UsageError(`--${values.entry !== undefined ? "entry" : "covers"} only goes with --save`);
    return undefined;
  }
  const covers = (values.covers ?? "whole") as Coverage;
  if (!COVERAGES.includes(covers))
    throw new UsageError(`--covers: unknown value "${values.covers}"; expected one of: ${COVERAGES.join(", ")}`);
  if (values.entry === undefined) return { covers };
  const { catalog, store } = openCatalog(values.catalog, out);
  store.close();
  const entry = catalog.entries.find((e) => e.id === values.entry);
  if (!entry) throw new UsageError(`--entry: no entry "${values.entry}" in the catalog (census list shows the ids)`);
  return { covers, entry };
}

export class SaveRefused extends Error {}

/**
 * Refuses a run said to cover a whole entry whose figures disagree with the catalog's sizes:
 * the figures side by side, and what to do instead.
 */
export function checkAgainstCatalog(coverage: RunCoverage, entry: Entry | undefined): string[] {
  if (!entry) return [];
  const comparisons = compareWithCatalog(coverage, entry);
  if (coverage.covers === "whole" && comparisons.some((c) => !c.consistent)) {
    throw new SaveRefused(
      `not saved: the run is said to cover the whole of ${entry.id} (--covers whole), but its figures disagree with the catalog's:\n${renderComparisons(comparisons)}\n` +
        `If the inputs are part of ${entry.id}, save with --covers shard or --covers sample-file: census report then keeps the estimate of the whole corpus.`,
    );
  }
  if (comparisons.length === 0)
    return [`the catalog has no documents, bytes or characters of ${entry.id} to check this run against`];
  return [];
}

/**
 * Records a count or an estimate in <catalog>/measurements/, where census report finds it, under
 * a name of its own: a second run of the same entry, coverage, day and seed is saved as
 * <id>-2.json (then -3, ...), never over the first, even when both save at the same moment.
 */
export function saveRun(
  run: Omit<EstimateRun, "type" | "id" | "createdOn" | "tool">,
  catalogDir: string | undefined,
): string {
  const createdOn = new Date().toISOString().slice(0, 10);
  const kind = run.sampleFraction >= 1 ? "count" : "estimate";
  const part = run.coverage && run.coverage.covers !== "whole" ? `-${run.coverage.covers}` : "";
  const base = `${kind}-${run.entryId ?? "input"}${part}-${createdOn}-seed${run.seed}`;
  const idFor = (n: number) => (n === 1 ? base : `${base}-${n}`);
  const full = (n: number): EstimateRun => ({
    type: "estimate",
    id: idFor(n),
    createdOn,
    tool: { name: "corpus-census", version: TOOL_VERSION },
    ...run,
  });
  const dir = join(catalogDir ?? BUNDLED_CATALOG_DIR, "measurements");
  return writeNew(
    (n) => join(dir, `${idFor(n)}.json`),
    (n) => `${JSON.stringify(full(n), null, 2)}\n`,
  );
}

/** What census report will make of a saved run, for the line after "saved FILE". */
export function savedRunUse(coverage: RunCoverage, entry: Entry | undefined): string {
  if (!entry) return "it names no catalog entry (--entry), so census report does not use it";
  if (coverage.covers === "whole")
    return `census report now uses it for ${entry.id} in place of the catalog-size estimate`;
  return `it covers a ${coverage.covers} of ${entry.id}, so census report keeps the estimate of the whole corpus`;
}
