import { CALIBRATION_UNITS, type Calibration, type CalibrationUnit, type TextKind } from "@corpus-census/catalog";
import { fitRatioModel, predictRatio, type FileRatio, type RatioModel, type RatioPrediction } from "./ratio-model.js";

/** A calibration file's totals: what the prediction models are fitted to. */
export interface CalibrationFile {
  file: string;
  lang: "ja" | "en";
  textKind: TextKind;
  units: Partial<Record<CalibrationUnit, number>>;
  tokens: Record<string, number>;
}

/** The calibration's files with their totals; undefined when it was made before census recorded them. */
export function calibrationFiles(calibration: Calibration): CalibrationFile[] | undefined {
  if (calibration.samples.some((s) => !s.totals)) return undefined;
  return calibration.samples.map((s) => ({
    file: s.file,
    lang: s.lang,
    textKind: s.textKind,
    units: s.totals!.units,
    tokens: s.totals!.tokens,
  }));
}

/** A numerator that is a unit, not a tokenizer: "unit:morphemes" gives morphemes per byte. */
const UNIT_NUMERATOR = "unit:";

/** Each file's log ratio of `numerator` (a tokenizer id, or "unit:" and a unit) to `unit`, for one language. */
function fileRatios(
  files: CalibrationFile[],
  numerator: string,
  lang: "ja" | "en",
  unit: CalibrationUnit,
): FileRatio[] {
  return files.flatMap((f) => {
    const units = f.units[unit];
    const tokens = numerator.startsWith(UNIT_NUMERATOR)
      ? f.units[numerator.slice(UNIT_NUMERATOR.length) as CalibrationUnit]
      : f.tokens[numerator];
    if (f.lang !== lang || !units || tokens === undefined || tokens === 0) return [];
    return [{ file: f.file, textKind: f.textKind, logRatio: Math.log(tokens / units) }];
  });
}

/** The fitted models of one calibration, one per (tokenizer, language, unit), fitted on first use. */
export class CalibrationModels {
  private readonly fitted = new Map<string, RatioModel | undefined>();

  constructor(
    readonly files: CalibrationFile[],
    readonly confidence: number,
  ) {}

  model(tokenizer: string, lang: "ja" | "en", unit: CalibrationUnit): RatioModel | undefined {
    const key = `${tokenizer}\0${lang}\0${unit}`;
    if (!this.fitted.has(key)) this.fitted.set(key, fitRatioModel(fileRatios(this.files, tokenizer, lang, unit)));
    return this.fitted.get(key);
  }

  predict(
    tokenizer: string,
    lang: "ja" | "en",
    unit: CalibrationUnit,
    kind: TextKind,
    standIn: boolean,
  ): RatioPrediction | undefined {
    const model = this.model(tokenizer, lang, unit);
    return model ? predictRatio(model, kind, standIn, this.confidence) : undefined;
  }

  /** How many files of a language and kind the models rest on. */
  filesOf(lang: "ja" | "en", kind?: TextKind): number {
    return this.files.filter((f) => f.lang === lang && (kind === undefined || f.textKind === kind)).length;
  }
}

const modelsOf = new WeakMap<Calibration, CalibrationModels | null>();

/** The calibration's models, built once per calibration object; undefined for a calibration without per-file totals. */
export function calibrationModels(calibration: Calibration): CalibrationModels | undefined {
  if (!modelsOf.has(calibration)) {
    const files = calibrationFiles(calibration);
    modelsOf.set(calibration, files ? new CalibrationModels(files, calibration.confidence) : null);
  }
  return modelsOf.get(calibration) ?? undefined;
}

/**
 * Units a size of a language is converted through: morphemes are Japanese only, and whitespace
 * words mean nothing in Japanese.
 */
export function unitsOf(lang: "ja" | "en"): CalibrationUnit[] {
  return CALIBRATION_UNITS.filter((u) => (lang === "ja" ? u !== "whitespace-words" : u !== "morphemes"));
}
