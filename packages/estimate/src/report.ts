import { entryList, isUsable, type Calibration, type Catalog, type Entry, type EstimateRun, type Reference, type Size } from "@corpus-census/catalog";
import { estimateFromCatalog, type EntryEstimate } from "./catalog-estimate.js";
import { chooseCalibration, describeCalibration, type CalibrationBasis } from "./calibration-choice.js";
import { runStandsForEntry } from "./run-check.js";
import type { SizeBasis } from "./size-choice.js";
import { applyHeuristic, REPORT_CLAIMS, WORD_UNITS, pickSize } from "./heuristic.js";
import { sumIntervals, type Interval } from "./interval.js";
import { currentListReport, type CurrentListReport } from "./current-report.js";
import { describeUncertainty, type Uncertainty } from "./prediction/uncertainty.js";
import { workOutPublisherChecks, type PublisherCheckResult } from "./prediction/publisher-checks.js";

/**
 * Flags that keep an entry out of the measured totals: no text in its list's language, or no
 * text anyone can obtain (never released, withdrawn). The report's heuristic still counts them,
 * as the report did.
 */
export const NOT_COUNTED_FLAGS = ["not-text", "no-such-language", "not-found", "not-released", "withdrawn"];

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

export type EntryMethod = "counted" | "sampled" | "catalog-size" | "none";

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

/** A list's total for one tokenizer, with the entries it covers and those it lacks. */
export interface ListTotal extends Interval {
  /** How many entries the total adds up. */
  entries: number;
  /** Counted entries without a figure for this tokenizer (not in this total). */
  missing: string[];
}

export interface ListReport {
  heuristic: { words: number; tokens: number; corpora: number; claim?: { tokens: number; corpora: number }; withoutWordCount: string[] };
  /** Per tokenizer; absent when no entry of the list could be estimated for it (never a total of nothing). */
  estimates: Record<string, ListTotal>;
  /** Counted entries in no tokenizer's total: no convertible size and no recorded run. */
  notEstimated: string[];
  /** Entries whose tokens are in the estimates; which tokenizers each could be estimated for is in its tokens. */
  entries: ReportEntry[];
  excluded: { id: string; reason: string }[];
}

export interface Report {
  generatedFrom: {
    catalogCheckedOn: string | null;
    /** The id of the calibration behind every catalog-size estimate. */
    calibration: string | null;
    /** What that calibration rests on, and whether it was chosen explicitly instead of the shipped one. */
    calibrationBasis: (CalibrationBasis & { chosen: "shipped" | "explicit" }) | null;
    /** The recorded runs that stand for their entries. */
    estimateRuns: string[];
  };
  tokenizers: string[];
  references: Record<string, { name: string; tokens: number | null; bytes: number | null; parameters: number | null; source: string }>;
  /** What the intervals cover, how they fared on calibration files left out, and which unit converts best. */
  uncertainty: Uncertainty;
  /** census's conversions held against what makers published in two units of the same text. */
  publisherChecks: PublisherCheckResult[];
  /** usable: the report's corpora usable for commercial training; current: the list of today's corpora (current-report.ts). */
  lists: { ja: ListReport; en: ListReport; usable: ListReport; current: CurrentListReport };
  notes: string[];
}

/** The latest run of an entry that may stand for its whole corpus, and why the others may not. */
function runFor(runs: EstimateRun[], entry: Entry): { run?: EstimateRun; refused: string[] } {
  // The latest first: by day, then by id, whose number (-2, -10) counts the runs saved that day.
  const own = runs.filter((r) => r.entryId === entry.id).sort((a, b) => b.createdOn.localeCompare(a.createdOn) || b.id.localeCompare(a.id, "en", { numeric: true }));
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

export function entryReport(entry: Entry, calibration: Calibration | undefined, runs: EstimateRun[], tokenizers: string[]): ReportEntry {
  const base = { id: entry.id, list: entryList(entry), number: entry.report?.number ?? null, heuristicWords: pickSize(entry, WORD_UNITS)?.value };
  const { run, refused } = runFor(runs, entry);
  if (run) {
    const tokens = Object.fromEntries(tokenizers.filter((t) => run.estimate.tokens[t]).map((t) => [t, run.estimate.tokens[t]!]));
    const lacking = tokenizers.filter((t) => !run.estimate.tokens[t]);
    const notes = [...run.notes, ...(lacking.length ? [`the run did not count ${lacking.join(", ")}`] : [])];
    return { ...base, method: run.sampleFraction >= 1 ? "counted" : "sampled", run: run.id, tokens, notes };
  }
  if (!calibration) return { ...base, method: "none", tokens: {}, notes: [...refused, "no calibration measurements: run census calibrate"] };
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

function listTotals(included: ReportEntry[], tokenizers: string[]): Pick<ListReport, "estimates" | "notEstimated"> {
  const estimated = included.filter((r) => Object.keys(r.tokens).length > 0);
  const estimates: Record<string, ListTotal> = {};
  for (const t of tokenizers) {
    const covered = estimated.filter((r) => r.tokens[t]);
    if (covered.length === 0) continue;
    estimates[t] = { ...sumIntervals(covered.map((r) => r.tokens[t]!)), entries: covered.length, missing: estimated.filter((r) => !r.tokens[t]).map((r) => r.id) };
  }
  return { estimates, notEstimated: included.filter((r) => Object.keys(r.tokens).length === 0).map((r) => r.id) };
}

function listReport(entries: Entry[], calibration: Calibration | undefined, runs: EstimateRun[], tokenizers: string[], claim?: { tokens: number; corpora: number }): ListReport {
  const excluded: ListReport["excluded"] = [];
  const included: ReportEntry[] = [];
  const ids = new Set(entries.map((e) => e.id));
  for (const e of entries) {
    const reason = leftOutReason(e, ids);
    if (reason) excluded.push({ id: e.id, reason });
    else included.push(entryReport(e, calibration, runs, tokenizers));
  }
  const { words, tokens, corpora, withoutWordCount } = applyHeuristic(entries);
  return { heuristic: { words, tokens, corpora, ...(claim ? { claim } : {}), withoutWordCount }, ...listTotals(included, tokenizers), entries: included, excluded };
}

export interface ReportOptions {
  /** The calibration to convert catalog sizes with; the shipped one when not given. */
  calibration?: Calibration;
}

/** Every entry's token estimate (from a recorded run of its whole corpus, or its catalog size), by id. */
export function estimateEntries(catalog: Catalog, tokenizers: string[], options: ReportOptions = {}): Map<string, ReportEntry> {
  const calibration = chooseCalibration(catalog, options.calibration);
  const runs = catalog.measurements.filter((m): m is EstimateRun => m.type === "estimate");
  return new Map(catalog.entries.map((e) => [e.id, entryReport(e, calibration, runs, tokenizers)]));
}

/** Sets the report's heuristic beside measured estimates for the Japanese list, the English list and the usable subset. */
export function buildReport(catalog: Catalog, tokenizers: string[], options: ReportOptions = {}): Report {
  const calibration = chooseCalibration(catalog, options.calibration);
  const runs = catalog.measurements.filter((m): m is EstimateRun => m.type === "estimate");
  const byList = (list: string) => catalog.entries.filter((e) => entryList(e) === list);
  const lists = {
    ja: listReport(byList("ja"), calibration, runs, tokenizers, REPORT_CLAIMS.ja),
    en: listReport(byList("en"), calibration, runs, tokenizers, REPORT_CLAIMS.en),
    usable: listReport(catalog.entries.filter((e) => entryList(e) !== "current" && isUsable(e, "commercial")), calibration, runs, tokenizers),
    current: currentListReport(catalog, calibration, runs, tokenizers),
  };
  const usedRuns = [...new Set([lists.ja, lists.en, lists.usable].flatMap((l) => l.entries).concat(lists.current.perEntry).flatMap((e) => (e.run ? [e.run] : [])))].sort();
  const references = Object.fromEntries(
    catalog.references.map((r: Reference) => [r.id, { name: r.name, tokens: r.tokens, bytes: r.bytes, parameters: r.parameters, source: r.source }]),
  );
  return {
    generatedFrom: {
      catalogCheckedOn: catalog.referencesCheckedOn,
      calibration: calibration?.id ?? null,
      calibrationBasis: calibration ? { ...describeCalibration(calibration), chosen: options.calibration ? "explicit" : "shipped" } : null,
      estimateRuns: usedRuns,
    },
    tokenizers,
    references,
    uncertainty: describeUncertainty(calibration),
    publisherChecks: workOutPublisherChecks(catalog.publisherChecks, calibration),
    lists,
    notes: [
      "Entries that overlap (Common Crawl derivatives; COCA, COHA and the TV/Movie corpora) are each counted: the sums are upper bounds of distinct text.",
      "Interval bounds of entries are added: entries converted with the same ratio share its error, so a total's interval is as wide, in proportion, as its entries' (never narrowed as if their errors were independent).",
    ],
  };
}
