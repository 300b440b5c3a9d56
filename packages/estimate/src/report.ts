import {
  entryList,
  isUsable,
  type Calibration,
  type Catalog,
  type Entry,
  type EstimateRun,
  type Reference,
} from "@corpus-census/catalog";
import { chooseCalibration, describeCalibration, type CalibrationBasis } from "./calibration-choice.js";
import { applyHeuristic, REPORT_CLAIMS } from "./heuristic.js";
import { sumIntervals, type Interval } from "./interval.js";
import { currentListReport, type CurrentListReport } from "./current-report.js";
import { entryReport, leftOutReason, type ReportEntry } from "./report-entry.js";
import { describeUncertainty, type Uncertainty } from "./prediction/uncertainty.js";
import { workOutPublisherChecks, type PublisherCheckResult } from "./prediction/publisher-checks.js";

/** A list's total for one tokenizer, with the entries it covers and those it lacks. */
export interface ListTotal extends Interval {
  /** How many entries the total adds up. */
  entries: number;
  /** Counted entries without a figure for this tokenizer (not in this total). */
  missing: string[];
}

export interface ListReport {
  heuristic: {
    words: number;
    tokens: number;
    corpora: number;
    claim?: { tokens: number; corpora: number };
    withoutWordCount: string[];
  };
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
  references: Record<
    string,
    { name: string; tokens: number | null; bytes: number | null; parameters: number | null; source: string }
  >;
  /** What the intervals cover, how they fared on calibration files left out, and which unit converts best. */
  uncertainty: Uncertainty;
  /** census's conversions held against what makers published in two units of the same text. */
  publisherChecks: PublisherCheckResult[];
  /** usable: the report's corpora usable for commercial training; current: the list of today's corpora (current-report.ts). */
  lists: { ja: ListReport; en: ListReport; usable: ListReport; current: CurrentListReport };
  notes: string[];
}

function listTotals(included: ReportEntry[], tokenizers: string[]): Pick<ListReport, "estimates" | "notEstimated"> {
  const estimated = included.filter((r) => Object.keys(r.tokens).length > 0);
  const estimates: Record<string, ListTotal> = {};
  for (const t of tokenizers) {
    const covered = estimated.filter((r) => r.tokens[t]);
    if (covered.length === 0) continue;
    estimates[t] = {
      ...sumIntervals(covered.map((r) => r.tokens[t]!)),
      entries: covered.length,
      missing: estimated.filter((r) => !r.tokens[t]).map((r) => r.id),
    };
  }
  return { estimates, notEstimated: included.filter((r) => Object.keys(r.tokens).length === 0).map((r) => r.id) };
}

function listReport(
  entries: Entry[],
  calibration: Calibration | undefined,
  runs: EstimateRun[],
  tokenizers: string[],
  claim?: { tokens: number; corpora: number },
): ListReport {
  const excluded: ListReport["excluded"] = [];
  const included: ReportEntry[] = [];
  const ids = new Set(entries.map((e) => e.id));
  for (const e of entries) {
    const reason = leftOutReason(e, ids);
    if (reason) excluded.push({ id: e.id, reason });
    else included.push(entryReport(e, calibration, runs, tokenizers));
  }
  const { words, tokens, corpora, withoutWordCount } = applyHeuristic(entries);
  return {
    heuristic: { words, tokens, corpora, ...(claim ? { claim } : {}), withoutWordCount },
    ...listTotals(included, tokenizers),
    entries: included,
    excluded,
  };
}

interface ReportOptions {
  /** The calibration to convert catalog sizes with; the shipped one when not given. */
  calibration?: Calibration;
}

/** Every entry's token estimate (from a recorded run of its whole corpus, or its catalog size), by id. */
export function estimateEntries(
  catalog: Catalog,
  tokenizers: string[],
  options: ReportOptions = {},
): Map<string, ReportEntry> {
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
    usable: listReport(
      catalog.entries.filter((e) => entryList(e) !== "current" && isUsable(e, "commercial")),
      calibration,
      runs,
      tokenizers,
    ),
    current: currentListReport(catalog, calibration, runs, tokenizers),
  };
  const usedRuns = [
    ...new Set(
      [lists.ja, lists.en, lists.usable]
        .flatMap((l) => l.entries)
        .concat(lists.current.perEntry)
        .flatMap((e) => (e.run ? [e.run] : [])),
    ),
  ].sort();
  const references = Object.fromEntries(
    catalog.references.map((r: Reference) => [
      r.id,
      { name: r.name, tokens: r.tokens, bytes: r.bytes, parameters: r.parameters, source: r.source },
    ]),
  );
  return {
    generatedFrom: {
      catalogCheckedOn: catalog.referencesCheckedOn,
      calibration: calibration?.id ?? null,
      calibrationBasis: calibration
        ? { ...describeCalibration(calibration), chosen: options.calibration ? "explicit" : "shipped" }
        : null,
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
