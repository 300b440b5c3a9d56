import type { Calibration, Catalog } from "@corpus-census/catalog";

/** The calibration shipped with the catalog (`pnpm calibrate`): what report and publish use unless told otherwise. */
export const SHIPPED_CALIBRATION_ID = "calibration-corpus-samples";

/** A calibration rests on little below this many sample files or documents in a language. */
const FEW_SAMPLES = 3;
const FEW_DOCUMENTS = 1000;

export class CalibrationChoiceError extends Error {}

export function calibrationsOf(catalog: Catalog): Calibration[] {
  return catalog.measurements.filter((m): m is Calibration => m.type === "calibration");
}

/**
 * The calibration behind the estimates: the one given, or the shipped one. A newer calibration
 * in the catalog never takes its place by itself (census calibrate records one beside it).
 * Undefined when the catalog holds no calibration at all.
 */
export function chooseCalibration(catalog: Catalog, chosen?: Calibration): Calibration | undefined {
  if (chosen) return chosen;
  const all = calibrationsOf(catalog);
  const shipped = all.find((c) => c.id === SHIPPED_CALIBRATION_ID);
  if (shipped || all.length === 0) return shipped;
  throw new CalibrationChoiceError(
    `the catalog has no calibration "${SHIPPED_CALIBRATION_ID}" (measurements/${SHIPPED_CALIBRATION_ID}.json); choose one of ${all.map((c) => c.id).join(", ")} with --calibration`,
  );
}

/** The tokenizers a calibration has ratios for, in the order they first appear. */
export function calibratedTokenizers(calibration: Calibration | undefined): string[] {
  return [...new Set(calibration?.ratios.map((r) => r.tokenizer) ?? [])];
}

export interface CalibrationBasis {
  id: string;
  samples: number;
  documents: number;
  /** Per language: the text kinds measured, with files and documents. */
  byLanguage: { lang: "ja" | "en"; samples: number; documents: number; textKinds: string[] }[];
  /** What the calibration rests on, in a sentence without its id. */
  summary: string;
  /** Set when it rests on few samples or documents: how little, and what follows. */
  warning?: string;
}

/** What a calibration rests on: how many samples and documents, of which languages and kinds. */
export function describeCalibration(calibration: Calibration): CalibrationBasis {
  const documents = calibration.samples.reduce((n, s) => n + s.documents, 0);
  const byLanguage = (["ja", "en"] as const).map((lang) => {
    const samples = calibration.samples.filter((s) => s.lang === lang);
    return {
      lang,
      samples: samples.length,
      documents: samples.reduce((n, s) => n + s.documents, 0),
      textKinds: [...new Set(samples.map((s) => s.textKind))].sort(),
    };
  });
  const n = (x: number) => x.toLocaleString("en-US");
  const perLang = byLanguage
    .map(
      (l) =>
        `${l.lang}: ${l.samples} (${n(l.documents)} documents${l.textKinds.length ? `; ${l.textKinds.join(", ")}` : ""})`,
    )
    .join("; ");
  const summary = `made ${calibration.createdOn} from ${calibration.samples.length} sample file(s), ${n(documents)} documents — ${perLang}`;
  const thin = byLanguage.filter((l) => l.samples < FEW_SAMPLES || l.documents < FEW_DOCUMENTS);
  const warning = thin.length
    ? `calibration ${calibration.id} rests on little: ${thin
        .map((l) =>
          l.samples === 0
            ? `no ${l.lang} sample at all`
            : `${l.samples} ${l.lang} sample file(s) of ${n(l.documents)} documents (${l.textKinds.join(", ")})`,
        )
        .join(
          "; ",
        )}; every corpus of a text kind without a sample is converted with another kind's ratio, and its intervals cover only these documents`
    : undefined;
  return {
    id: calibration.id,
    samples: calibration.samples.length,
    documents,
    byLanguage,
    summary,
    ...(warning ? { warning } : {}),
  };
}
