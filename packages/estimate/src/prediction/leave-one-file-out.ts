import type { CalibrationUnit, TextKind } from "@corpus-census/catalog";
import { CalibrationModels, unitsOf, type CalibrationFile } from "./calibration-models.js";
import type { PredictionBasis } from "./ratio-model.js";

/** One left-out file, one tokenizer, one unit: its exact count against the prediction from the other files. */
export interface LeftOutPrediction {
  file: string;
  lang: "ja" | "en";
  textKind: TextKind;
  tokenizer: string;
  unit: CalibrationUnit;
  /** The file's exact token count. */
  actual: number;
  /** The file's size in the unit × the ratio predicted without it, with its interval. */
  predicted: number;
  low: number;
  high: number;
  basis: PredictionBasis;
  covered: boolean;
  /** (high − low) / 2 / predicted. */
  relativeHalfWidth: number;
  /** ln(actual / predicted). */
  logError: number;
}

/**
 * Every file of the calibration left out in turn: the models are fitted on the other files and
 * predict the left-out file's tokens from its size in each unit, as a catalog size is converted
 * (a file whose kind has no other file is predicted from the other kinds). This is the test the
 * intervals must pass: they are judged on text they were not fitted to.
 */
export function leaveOneFileOut(
  files: CalibrationFile[],
  confidence: number,
  tokenizers?: string[],
): LeftOutPrediction[] {
  const out: LeftOutPrediction[] = [];
  files.forEach((left, index) => {
    const models = new CalibrationModels(
      files.filter((_, i) => i !== index),
      confidence,
    );
    for (const tokenizer of tokenizers ?? Object.keys(left.tokens)) {
      const actual = left.tokens[tokenizer];
      if (actual === undefined || actual === 0) continue;
      for (const unit of unitsOf(left.lang)) {
        const size = left.units[unit];
        if (!size) continue;
        const ratio = models.predict(tokenizer, left.lang, unit, left.textKind, false);
        if (!ratio) continue;
        const predicted = size * ratio.value;
        const low = size * ratio.low;
        const high = size * ratio.high;
        out.push({
          file: left.file,
          lang: left.lang,
          textKind: left.textKind,
          tokenizer,
          unit,
          actual,
          predicted,
          low,
          high,
          basis: ratio.basis,
          covered: low <= actual && actual <= high,
          relativeHalfWidth: (high - low) / 2 / predicted,
          logError: Math.log(actual / predicted),
        });
      }
    }
  });
  return out;
}

export interface CoverageSummary {
  /** Predictions made (files × tokenizers × units). */
  predictions: number;
  files: number;
  /** Share of predictions whose interval holds the exact count. */
  coverage: number;
  /** Mean of (high − low) / 2 / predicted. */
  meanRelativeHalfWidth: number;
  /** Root mean square of ln(actual / predicted). */
  rmsLogError: number;
}

export function summarizeLeftOut(predictions: LeftOutPrediction[]): CoverageSummary {
  const n = predictions.length;
  return {
    predictions: n,
    files: new Set(predictions.map((p) => p.file)).size,
    coverage: n ? predictions.filter((p) => p.covered).length / n : Number.NaN,
    meanRelativeHalfWidth: n ? predictions.reduce((a, p) => a + p.relativeHalfWidth, 0) / n : Number.NaN,
    rmsLogError: n ? Math.sqrt(predictions.reduce((a, p) => a + p.logError ** 2, 0) / n) : Number.NaN,
  };
}

/** A unit's leave-one-file-out error for one language and text kind, over every tokenizer. */
export interface UnitError extends CoverageSummary {
  lang: "ja" | "en";
  textKind: TextKind | "all";
  unit: CalibrationUnit;
}

/**
 * Which unit predicts tokens best: the leave-one-file-out error of every unit per language and
 * text kind (and over all kinds of the language), pooled over tokenizers.
 */
export function unitErrors(predictions: LeftOutPrediction[]): UnitError[] {
  const groups = new Map<string, LeftOutPrediction[]>();
  const add = (key: string, p: LeftOutPrediction) => groups.set(key, [...(groups.get(key) ?? []), p]);
  for (const p of predictions) {
    add(`${p.lang}\0${p.textKind}\0${p.unit}`, p);
    add(`${p.lang}\0all\0${p.unit}`, p);
  }
  return [...groups].map(([key, members]) => {
    const [lang, textKind, unit] = key.split("\0") as ["ja" | "en", TextKind | "all", CalibrationUnit];
    return { lang, textKind, unit, ...summarizeLeftOut(members) };
  });
}
