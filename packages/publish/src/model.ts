import { formatSize, isUsable, SCHEMA_VERSION, type Calibration, type Catalog, type Entry } from "@corpus-census/catalog";
import { buildReport, calibratedTokenizers, chooseCalibration, estimateEntries, type Interval, type Report } from "@corpus-census/estimate";

/** What publication shows of an entry, with the estimates the report made for it. */
export interface PublishedEntry {
  entry: Entry;
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
  /** The calibration behind every token estimate, named in every file that shows one. */
  calibration: { id: string; chosen: "shipped" | "explicit"; summary: string; warning?: string } | null;
  entries: PublishedEntry[];
  report: Report;
}

export interface PublishOptions {
  /** The calibration to convert catalog sizes with; the shipped one when not given. */
  calibration?: Calibration;
}

/** The date a reader is told the facts are as of: the latest check of any entry. */
export function catalogDate(catalog: Catalog): string {
  return catalog.entries.map((e) => e.checkedOn).sort().at(-1) ?? "unknown";
}

const SHOWN_TOKENIZERS = ["r50k_base", "o200k_base", "llama3"];

export function buildPublication(catalog: Catalog, options: PublishOptions = {}): Publication {
  const calibrated = new Set(calibratedTokenizers(chooseCalibration(catalog, options.calibration)));
  const tokenizers = SHOWN_TOKENIZERS.filter((t) => calibrated.has(t));
  const report = buildReport(catalog, tokenizers.length ? tokenizers : ["r50k_base"], options);
  const estimates = estimateEntries(catalog, report.tokenizers, options);
  const basis = report.generatedFrom.calibrationBasis;
  return {
    catalogDate: catalogDate(catalog),
    schemaVersion: SCHEMA_VERSION,
    tokenizers: report.tokenizers,
    calibration: basis ? { id: basis.id, chosen: basis.chosen, summary: basis.summary, ...(basis.warning ? { warning: basis.warning } : {}) } : null,
    report,
    entries: catalog.entries.map((entry) => {
      const estimate = estimates.get(entry.id);
      return {
        entry,
        usableCommercial: isUsable(entry, "commercial"),
        usableResearch: isUsable(entry, "research"),
        sizeTexts: entry.sizes.map((s) => `${formatSize(s)} (${s.asOf})`),
        tokens: estimate?.tokens ?? {},
        method: estimate?.method ?? "none",
      };
    }),
  };
}
