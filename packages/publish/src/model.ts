import { entryList, formatSize, isUsable, SCHEMA_VERSION, type Catalog, type Entry, type ListId } from "@corpus-census/catalog";
import { buildReport, estimateEntries, type Interval, type Report } from "@corpus-census/estimate";

/** What publication shows of an entry, with the estimates the report made for it. */
export interface PublishedEntry {
  entry: Entry;
  /** The entry's list: the report's ja, en or other, or current (not in the report). */
  list: ListId;
  usableCommercial: boolean;
  usableResearch: boolean;
  sizeTexts: string[];
  /** Estimated tokens per tokenizer, and how (catalog-size, sampled, counted), when there is one. */
  tokens: Record<string, Interval>;
  method: string;
}

export interface Publication {
  catalogDate: string;
  schemaVersion: string;
  tokenizers: string[];
  entries: PublishedEntry[];
  report: Report;
}

/** The date a reader is told the facts are as of: the latest check of any entry. */
export function catalogDate(catalog: Catalog): string {
  return catalog.entries.map((e) => e.checkedOn).sort().at(-1) ?? "unknown";
}

const SHOWN_TOKENIZERS = ["r50k_base", "o200k_base", "llama3"];

export function buildPublication(catalog: Catalog): Publication {
  const calibrated = new Set(catalog.measurements.flatMap((m) => (m.type === "calibration" ? m.ratios.map((r) => r.tokenizer) : [])));
  const tokenizers = SHOWN_TOKENIZERS.filter((t) => calibrated.has(t));
  const report = buildReport(catalog, tokenizers.length ? tokenizers : ["r50k_base"]);
  const estimates = estimateEntries(catalog, report.tokenizers);
  return {
    catalogDate: catalogDate(catalog),
    schemaVersion: SCHEMA_VERSION,
    tokenizers: report.tokenizers,
    report,
    entries: catalog.entries.map((entry) => {
      const estimate = estimates.get(entry.id);
      return {
        entry,
        list: entryList(entry),
        usableCommercial: isUsable(entry, "commercial"),
        usableResearch: isUsable(entry, "research"),
        sizeTexts: entry.sizes.map((s) => `${formatSize(s)} (${s.asOf})`),
        tokens: estimate?.tokens ?? {},
        method: estimate?.method ?? "none",
      };
    }),
  };
}
