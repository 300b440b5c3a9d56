import {
  entryList,
  formatSize,
  isUsable,
  SCHEMA_VERSION,
  warnedFlags,
  type Calibration,
  type Catalog,
  type Entry,
  type FlagCode,
  type ListId,
} from "@corpus-census/catalog";
import {
  buildReport,
  calibratedTokenizers,
  chooseCalibration,
  estimateEntries,
  type Interval,
  type Report,
} from "@corpus-census/estimate";
import { overlapFloors, type OverlapFloor } from "./overlap.js";

/** What publication shows of an entry, with the estimates the report made for it. */
export interface PublishedEntry {
  entry: Entry;
  /** The entry's list: the report's ja, en or other, or current (not in the report). */
  list: ListId;
  usableCommercial: boolean;
  usableResearch: boolean;
  /** Flags the commercial rule keeps but warns about (licence-unclear). */
  warned: FlagCode[];
  /** Estimated tokens per tokenizer, and how (catalog-size, sampled, counted), when there is one. */
  tokens: Record<string, Interval>;
  method: string;
  /** Why an estimate is missing or what it assumed, as the report says it. */
  estimateNotes: string[];
  /** For a converted size: the figure converted and why it was chosen over the entry's others. */
  converted: { size: string; reason: string } | null;
  /** The entry's file in the catalog folder (relative), copied as is into the published folder. */
  sourceFile: string | null;
}

export interface Publication {
  catalogDate: string;
  schemaVersion: string;
  tokenizers: string[];
  /** The calibration behind every token estimate, named in every file that shows one. */
  calibration: { id: string; chosen: "shipped" | "explicit"; summary: string; warning?: string } | null;
  entries: PublishedEntry[];
  report: Report;
  /** Per chart group: the totals if only the largest of each group of overlapping corpora counted. */
  overlap: Record<"ja" | "en" | "usable", OverlapFloor>;
}

export interface PublishOptions {
  /** The calibration to convert catalog sizes with; the shipped one when not given. */
  calibration?: Calibration;
  /** Where the folder will be served, to make the change feed's links absolute. */
  siteUrl?: string;
}

/** The date a reader is told the facts are as of: the latest check of any entry. */
export function catalogDate(catalog: Catalog): string {
  return (
    catalog.entries
      .map((e) => e.checkedOn)
      .sort()
      .at(-1) ?? "unknown"
  );
}

const SHOWN_TOKENIZERS = ["r50k_base", "o200k_base", "llama3"];

/** Which model each shown tokenizer belongs to, so a reader knows which figure compares with what. */
export const TOKENIZER_MODELS: Record<string, { ja: string; en: string }> = {
  r50k_base: { ja: "GPT-3 のトークナイザー", en: "GPT-3's tokenizer" },
  o200k_base: { ja: "GPT-4o のトークナイザー", en: "GPT-4o's tokenizer" },
  llama3: { ja: "Llama 3 のトークナイザー", en: "Llama 3's tokenizer" },
};

/**
 * An entry's place in the catalog's lists: the list id and, for the report's lists, its number
 * and name as printed. Every view of the list asks this, so a list without report positions
 * only has to be taught here.
 */
export function listPosition(entry: Entry): { list: ListId; number: number | null; reportName: string | null } {
  return { list: entryList(entry), number: entry.report?.number ?? null, reportName: entry.report?.name ?? null };
}

/** The catalog file of each entry id (sources/<list>/<id>.json), whatever list folder it is in; the first found if two are. */
function sourceFiles(catalog: Catalog): Map<string, string> {
  const byId = new Map<string, string>();
  for (const file of catalog.files.keys()) {
    const parts = file.split(/[\\/]/);
    if (parts.length !== 3 || parts[0] !== "sources" || !parts[2]!.endsWith(".json")) continue;
    const id = parts[2]!.slice(0, -".json".length);
    if (!byId.has(id)) byId.set(id, file);
  }
  return byId;
}

export function buildPublication(catalog: Catalog, options: PublishOptions = {}): Publication {
  const calibrated = new Set(calibratedTokenizers(chooseCalibration(catalog, options.calibration)));
  const tokenizers = SHOWN_TOKENIZERS.filter((t) => calibrated.has(t));
  const report = buildReport(catalog, tokenizers.length ? tokenizers : ["r50k_base"], options);
  const estimates = estimateEntries(catalog, report.tokenizers, options);
  const basis = report.generatedFrom.calibrationBasis;
  const files = sourceFiles(catalog);
  return {
    catalogDate: catalogDate(catalog),
    schemaVersion: SCHEMA_VERSION,
    tokenizers: report.tokenizers,
    calibration: basis
      ? {
          id: basis.id,
          chosen: basis.chosen,
          summary: basis.summary,
          ...(basis.warning ? { warning: basis.warning } : {}),
        }
      : null,
    report,
    overlap: overlapFloors(report, catalog.entries),
    entries: catalog.entries.map((entry) => {
      const estimate = estimates.get(entry.id);
      return {
        entry,
        list: entryList(entry),
        usableCommercial: isUsable(entry, "commercial"),
        usableResearch: isUsable(entry, "research"),
        warned: warnedFlags(entry, "commercial"),
        tokens: estimate?.tokens ?? {},
        method: estimate?.method ?? "none",
        estimateNotes: estimate?.notes ?? [],
        converted:
          estimate?.method === "catalog-size" && estimate.size && estimate.sizeBasis
            ? { size: formatSize(estimate.size), reason: estimate.sizeBasis.reason }
            : null,
        sourceFile: files.get(entry.id) ?? null,
      };
    }),
  };
}
