import { entryList, type Calibration, type Entry, type EstimateRun, type Size } from "@corpus-census/catalog";
import { estimateFromCatalog, type EntryEstimate } from "./catalog-estimate.js";
import { runStandsForEntry } from "./run-check.js";
import type { SizeBasis } from "./size-choice.js";
import { WORD_UNITS, pickSize } from "./heuristic.js";
import type { Interval } from "./interval.js";

// One entry's line of the report, shared by the report's lists (report.ts) and the current list (current-report.ts).

/**
 * Flags that keep an entry out of the measured totals: no text in its list's language, or no
 * text anyone can obtain (never released, withdrawn). The report's heuristic still counts them,
 * as the report did.
 */
const NOT_COUNTED_FLAGS = ["not-text", "no-such-language", "not-found", "not-released", "withdrawn"];

/**
 * Why an entry is left out of its list's totals, or undefined when it is counted: a flag of
 * NOT_COUNTED_FLAGS, or a subset-of flag naming another entry of the same list (`listIds`).
 */
export function leftOutReason(entry: Entry, listIds: ReadonlySet<string>): string | undefined {
  const noText = entry.flags.find((f) => NOT_COUNTED_FLAGS.includes(f.code));
  if (noText) return `${noText.code}: ${noText.note}`;
  const subset = entry.flags.find((f) => f.code === "subset-of" && f.target !== undefined && listIds.has(f.target));
  return subset ? `subset of ${subset.target}, which is counted` : undefined;
}

type EntryMethod = "counted" | "sampled" | "catalog-size" | "none";

export interface ReportEntry {
  id: string;
  list: string;
  /** The report's number; null for an entry of the current list. */
  number: number | null;
  method: EntryMethod;
  size?: Size;
  /** For a catalog-size estimate: how close the converted figure is to the text, and why it was chosen. */
  sizeBasis?: { basis: SizeBasis; reason: string };
  /** The estimate run used, for sampled or counted entries. */
  run?: string;
  tokens: Record<string, Interval>;
  heuristicWords?: number;
  notes: string[];
}

/** The latest run of an entry that may stand for its whole corpus, and why the others may not. */
function runFor(runs: EstimateRun[], entry: Entry): { run?: EstimateRun; refused: string[] } {
  // The latest first: by day, then by id, whose number (-2, -10) counts the runs saved that day.
  const own = runs
    .filter((r) => r.entryId === entry.id)
    .sort((a, b) => b.createdOn.localeCompare(a.createdOn) || b.id.localeCompare(a.id, "en", { numeric: true }));
  const refused: string[] = [];
  for (const run of own) {
    const verdict = runStandsForEntry(run, entry);
    if (verdict.ok) return { run, refused };
    // A shard or a sample file is recorded for what it is; it is not a defect of the report.
    if (run.coverage && run.coverage.covers !== "whole") continue;
    refused.push(`${verdict.reason}: not used`);
  }
  return { refused };
}

export function entryReport(
  entry: Entry,
  calibration: Calibration | undefined,
  runs: EstimateRun[],
  tokenizers: string[],
): ReportEntry {
  const base = {
    id: entry.id,
    list: entryList(entry),
    number: entry.report?.number ?? null,
    heuristicWords: pickSize(entry, WORD_UNITS)?.value,
  };
  const { run, refused } = runFor(runs, entry);
  if (run) {
    const tokens = Object.fromEntries(
      tokenizers.filter((t) => run.estimate.tokens[t]).map((t) => [t, run.estimate.tokens[t]!]),
    );
    const lacking = tokenizers.filter((t) => !run.estimate.tokens[t]);
    const notes = [...run.notes, ...(lacking.length ? [`the run did not count ${lacking.join(", ")}`] : [])];
    return { ...base, method: run.sampleFraction >= 1 ? "counted" : "sampled", run: run.id, tokens, notes };
  }
  if (!calibration)
    return {
      ...base,
      method: "none",
      tokens: {},
      notes: [...refused, "no calibration measurements: run census calibrate"],
    };
  const estimate: EntryEstimate = estimateFromCatalog(entry, calibration, tokenizers);
  return {
    ...base,
    method: Object.keys(estimate.tokens).length > 0 ? "catalog-size" : "none",
    size: estimate.size,
    ...(estimate.sizeBasis ? { sizeBasis: estimate.sizeBasis } : {}),
    tokens: estimate.tokens,
    notes: [...refused, ...estimate.notes],
  };
}
