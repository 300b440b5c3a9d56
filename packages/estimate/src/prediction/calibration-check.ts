import type { Calibration, CalibrationUnit, TextKind } from "@corpus-census/catalog";
import { calibrationFiles } from "./calibration-models.js";
import {
  leaveOneFileOut,
  summarizeLeftOut,
  unitErrors,
  type CoverageSummary,
  type LeftOutPrediction,
  type UnitError,
} from "./leave-one-file-out.js";

/** How the calibration's intervals fare on files they were not fitted to, and which unit converts best. */
interface CalibrationCheck {
  confidence: number;
  /** Per language: coverage and width of the prediction intervals, every file left out in turn. */
  byLanguage: ({ lang: "ja" | "en" } & CoverageSummary)[];
  unitErrors: UnitError[];
  predictions: LeftOutPrediction[];
}

const checks = new WeakMap<Calibration, CalibrationCheck | null>();

/** The leave-one-file-out check of a calibration, computed once per calibration object; undefined without per-file totals. */
export function calibrationCheck(calibration: Calibration): CalibrationCheck | undefined {
  if (!checks.has(calibration)) {
    const files = calibrationFiles(calibration);
    if (!files) checks.set(calibration, null);
    else {
      const predictions = leaveOneFileOut(files, calibration.confidence);
      const byLanguage = (["ja", "en"] as const).flatMap((lang) => {
        const own = predictions.filter((p) => p.lang === lang);
        return own.length ? [{ lang, ...summarizeLeftOut(own) }] : [];
      });
      checks.set(calibration, {
        confidence: calibration.confidence,
        byLanguage,
        unitErrors: unitErrors(predictions),
        predictions,
      });
    }
  }
  return checks.get(calibration) ?? undefined;
}

/** Below this many files of a kind, its own leave-one-out error is too noisy to rank units: the language's is used. */
const FILES_FOR_KIND_ERROR = 3;

/** A unit's leave-one-file-out error for a language and kind (the language's over all kinds when the kind has few files). */
export function unitError(
  check: CalibrationCheck,
  lang: "ja" | "en",
  kind: TextKind,
  unit: CalibrationUnit,
): UnitError | undefined {
  const own = check.unitErrors.find((u) => u.lang === lang && u.textKind === kind && u.unit === unit);
  if (own && own.files >= FILES_FOR_KIND_ERROR) return own;
  return check.unitErrors.find((u) => u.lang === lang && u.textKind === "all" && u.unit === unit);
}
