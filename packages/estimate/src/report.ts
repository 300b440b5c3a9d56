import { entryList, isUsable, type Calibration, type Catalog, type Entry, type EstimateRun, type Reference, type Size } from "@corpus-census/catalog";
import { estimateFromCatalog, type EntryEstimate } from "./catalog-estimate.js";
import { applyHeuristic, REPORT_CLAIMS, WORD_UNITS, pickSize } from "./heuristic.js";
import { sumIntervals, type Interval } from "./interval.js";
import { currentListReport, type CurrentListReport } from "./current-report.js";

/**
 * Flags that keep an entry out of the measured totals: no text in its list's language, or no
 * text anyone can obtain (never released, withdrawn). The report's heuristic still counts them,
 * as the report did.
 */
export const NOT_COUNTED_FLAGS = ["not-text", "no-such-language", "not-found", "not-released", "withdrawn"];

export type EntryMethod = "counted" | "sampled" | "catalog-size" | "none";

export interface ReportEntry {
  id: string;
  list: string;
  /** The report's number; null for an entry of the current list. */
  number: number | null;
  method: EntryMethod;
  size?: Size;
  /** The estimate run used, for sampled or counted entries. */
  run?: string;
  tokens: Record<string, Interval>;
  heuristicWords?: number;
  notes: string[];
}

export interface ListReport {
  heuristic: { words: number; tokens: number; corpora: number; claim?: { tokens: number; corpora: number }; withoutWordCount: string[] };
  estimates: Record<string, Interval>;
  /** Entries whose tokens are in the estimates; which tokenizers each could be estimated for is in its tokens. */
  entries: ReportEntry[];
  excluded: { id: string; reason: string }[];
}

export interface Report {
  generatedFrom: { catalogCheckedOn: string | null; calibration: string | null; estimateRuns: string[] };
  tokenizers: string[];
  references: Record<string, { name: string; tokens: number | null; bytes: number | null; parameters: number | null; source: string }>;
  /** usable: the report's corpora usable for commercial training; current: the list of today's corpora (current-report.ts). */
  lists: { ja: ListReport; en: ListReport; usable: ListReport; current: CurrentListReport };
  notes: string[];
}

function latestRunFor(runs: EstimateRun[], id: string): EstimateRun | undefined {
  return runs.filter((r) => r.entryId === id).sort((a, b) => b.createdOn.localeCompare(a.createdOn))[0];
}

export function entryReport(entry: Entry, calibration: Calibration | undefined, runs: EstimateRun[], tokenizers: string[]): ReportEntry {
  const base = { id: entry.id, list: entryList(entry), number: entry.report?.number ?? null, heuristicWords: pickSize(entry, WORD_UNITS)?.value };
  const run = latestRunFor(runs, entry.id);
  if (run) {
    const tokens = Object.fromEntries(tokenizers.filter((t) => run.estimate.tokens[t]).map((t) => [t, run.estimate.tokens[t]!]));
    return { ...base, method: run.sampleFraction >= 1 ? "counted" : "sampled", run: run.id, tokens, notes: run.notes };
  }
  if (!calibration) return { ...base, method: "none", tokens: {}, notes: ["no calibration measurements: run census calibrate"] };
  const estimate: EntryEstimate = estimateFromCatalog(entry, calibration, tokenizers);
  return { ...base, method: Object.keys(estimate.tokens).length > 0 ? "catalog-size" : "none", size: estimate.size, tokens: estimate.tokens, notes: estimate.notes };
}

function listReport(entries: Entry[], calibration: Calibration | undefined, runs: EstimateRun[], tokenizers: string[], claim?: { tokens: number; corpora: number }): ListReport {
  const excluded: ListReport["excluded"] = [];
  const included: ReportEntry[] = [];
  for (const e of entries) {
    const noText = e.flags.find((f) => NOT_COUNTED_FLAGS.includes(f.code));
    const subset = e.flags.find((f) => f.code === "subset-of");
    if (noText) excluded.push({ id: e.id, reason: `${noText.code}: ${noText.note}` });
    else if (subset && entries.some((x) => x.id === subset.target)) excluded.push({ id: e.id, reason: `subset of ${subset.target}, which is counted` });
    else included.push(entryReport(e, calibration, runs, tokenizers));
  }
  const estimates: Record<string, Interval> = {};
  for (const t of tokenizers) estimates[t] = sumIntervals(included.filter((r) => r.tokens[t]).map((r) => r.tokens[t]!));
  const { words, tokens, corpora, withoutWordCount } = applyHeuristic(entries);
  return { heuristic: { words, tokens, corpora, ...(claim ? { claim } : {}), withoutWordCount }, estimates, entries: included, excluded };
}

export function latestCalibration(catalog: Catalog): Calibration | undefined {
  return catalog.measurements.filter((m): m is Calibration => m.type === "calibration").sort((a, b) => b.createdOn.localeCompare(a.createdOn))[0];
}

/** Every entry's token estimate (from a recorded run, or its catalog size), by id. */
export function estimateEntries(catalog: Catalog, tokenizers: string[]): Map<string, ReportEntry> {
  const calibration = latestCalibration(catalog);
  const runs = catalog.measurements.filter((m): m is EstimateRun => m.type === "estimate");
  return new Map(catalog.entries.map((e) => [e.id, entryReport(e, calibration, runs, tokenizers)]));
}

/** Sets the report's heuristic beside measured estimates for the Japanese list, the English list and the usable subset. */
export function buildReport(catalog: Catalog, tokenizers: string[]): Report {
  const calibration = latestCalibration(catalog);
  const runs = catalog.measurements.filter((m): m is EstimateRun => m.type === "estimate");
  const byList = (list: string) => catalog.entries.filter((e) => entryList(e) === list);
  const references = Object.fromEntries(
    catalog.references.map((r: Reference) => [r.id, { name: r.name, tokens: r.tokens, bytes: r.bytes, parameters: r.parameters, source: r.source }]),
  );
  return {
    generatedFrom: { catalogCheckedOn: catalog.referencesCheckedOn, calibration: calibration?.id ?? null, estimateRuns: runs.map((r) => r.id) },
    tokenizers,
    references,
    lists: {
      ja: listReport(byList("ja"), calibration, runs, tokenizers, REPORT_CLAIMS.ja),
      en: listReport(byList("en"), calibration, runs, tokenizers, REPORT_CLAIMS.en),
      usable: listReport(catalog.entries.filter((e) => entryList(e) !== "current" && isUsable(e, "commercial")), calibration, runs, tokenizers),
      current: currentListReport(catalog, calibration, runs, tokenizers),
    },
    notes: [
      "Entries that overlap (Common Crawl derivatives; COCA, COHA and the TV/Movie corpora) are each counted: the sums are upper bounds of distinct text.",
      "Interval bounds of entries are added (their ratios come from the same samples, so their errors move together).",
      "A figure converted from a catalog size assumes the corpus's text is like the calibration sample of its closest text kind; that is the largest uncertainty, and it is not in the intervals.",
    ],
  };
}
