import type { TextKind } from "@corpus-census/catalog";
import { studentTQuantile } from "./student-t.js";

/** One calibration file's ratio of one tokenizer to one unit, on the log scale. */
export interface FileRatio {
  file: string;
  textKind: TextKind;
  /** ln(tokens / units) over the whole file. */
  logRatio: number;
}

/**
 * A random-effects model of a tokenizer's ratio to a unit in one language: a file of kind k has
 * log ratio μ + α_k + ε, with α_k ~ N(0, τ²) between kinds and ε ~ N(0, σ²) between files of a
 * kind. Files, not documents, are the units of variation: a corpus differs from the calibration
 * as one text differs from another, and the documents of one file share its source and style.
 */
export interface RatioModel {
  /** Mean log ratio and number of files per kind. */
  kinds: Map<TextKind, { mean: number; files: number }>;
  files: number;
  /** σ² pooled over kinds (Σ over kinds of squared deviations from the kind's mean / Σ (n_k − 1)); undefined with no kind of two files. */
  withinVariance?: number;
  withinDf: number;
  /** The sample variance of the kind means (K − 1 degrees of freedom); undefined with one kind. */
  kindMeansVariance?: number;
  /** τ², by moments: the kind means' variance less what σ² puts into it, never below 0; undefined with one kind. */
  betweenVariance?: number;
  /** Mean of the kind means: the centre for a kind without files. */
  grandMean: number;
}

export function fitRatioModel(ratios: FileRatio[]): RatioModel | undefined {
  if (ratios.length === 0) return undefined;
  const byKind = new Map<TextKind, number[]>();
  for (const r of ratios) byKind.set(r.textKind, [...(byKind.get(r.textKind) ?? []), r.logRatio]);
  const kinds = new Map<TextKind, { mean: number; files: number }>();
  let squares = 0;
  let withinDf = 0;
  for (const [kind, ys] of byKind) {
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    kinds.set(kind, { mean, files: ys.length });
    squares += ys.reduce((a, y) => a + (y - mean) ** 2, 0);
    withinDf += ys.length - 1;
  }
  const withinVariance = withinDf > 0 ? squares / withinDf : undefined;
  const means = [...kinds.values()];
  const grandMean = means.reduce((a, k) => a + k.mean, 0) / means.length;
  let kindMeansVariance: number | undefined;
  let betweenVariance: number | undefined;
  if (means.length > 1) {
    kindMeansVariance = means.reduce((a, k) => a + (k.mean - grandMean) ** 2, 0) / (means.length - 1);
    const meanInverseFiles = means.reduce((a, k) => a + 1 / k.files, 0) / means.length;
    betweenVariance = Math.max(0, kindMeansVariance - (withinVariance ?? 0) * meanInverseFiles);
  }
  return { kinds, files: ratios.length, withinVariance, withinDf, kindMeansVariance, betweenVariance, grandMean };
}

/** How a prediction was made, in the words a report prints. */
export type PredictionBasis =
  /** The corpus's kind has calibration files, and the kind is the corpus's own. */
  | "kind"
  /** The kind has files but stands in for the corpus's kind by judgement: between-kind variation added. */
  | "kind-stand-in"
  /** No file of the kind: the mean over kinds, with between-kind variation. */
  | "other-kinds";

export interface RatioPrediction {
  /** Tokens per unit: the centre (a geometric mean of file ratios) and the prediction interval. */
  value: number;
  low: number;
  high: number;
  /** Standard deviation of the prediction on the log scale, and its degrees of freedom. */
  logSd: number;
  df: number;
  basis: PredictionBasis;
  /** What the interval could not include for want of files, in words; absent when nothing. */
  gap?: string;
}

/** Welch–Satterthwaite degrees of freedom of a sum of variance components. */
function satterthwaite(components: { variance: number; df: number }[]): number {
  const present = components.filter((c) => c.variance > 0 && c.df > 0);
  if (present.length === 0) return Math.max(1, ...components.map((c) => c.df));
  const total = present.reduce((a, c) => a + c.variance, 0);
  return total ** 2 / present.reduce((a, c) => a + c.variance ** 2 / c.df, 0);
}

/**
 * The ratio for a new text of `kind` with its prediction interval. `standIn` says the kind is a
 * judgement (a news corpus converted with web text's ratio): between-kind variance is added.
 * Undefined when the model cannot say how much texts vary (a single file).
 */
export function predictRatio(
  model: RatioModel,
  kind: TextKind,
  standIn: boolean,
  confidence: number,
): RatioPrediction | undefined {
  const measured = model.kinds.get(kind);
  const K = model.kinds.size;
  const within = model.withinVariance;
  const between = model.betweenVariance;
  let centre: number;
  let components: { variance: number; df: number }[];
  let basis: PredictionBasis;
  let gap: string | undefined;
  if (within === undefined) {
    // No kind has two files: how much files of one kind differ cannot be told apart from how
    // much kinds differ, so the spread of the kind means stands for both.
    if (K < 2) return undefined;
    centre = measured?.mean ?? model.grandMean;
    components = [{ variance: model.kindMeansVariance! * (1 + 1 / K), df: K - 1 }];
    basis = measured ? (standIn ? "kind-stand-in" : "kind") : "other-kinds";
    gap = "no text kind has two calibration files: the spread between kinds stands in for the spread within one";
  } else if (measured) {
    centre = measured.mean;
    components = [{ variance: within * (1 + 1 / measured.files), df: model.withinDf }];
    basis = standIn ? "kind-stand-in" : "kind";
    if (standIn) {
      if (between === undefined) gap = "one text kind measured: how much kinds differ is not in the interval";
      else components.push({ variance: between, df: K - 1 });
    }
  } else {
    centre = model.grandMean;
    basis = "other-kinds";
    if (model.kindMeansVariance === undefined) {
      components = [{ variance: within * 2, df: model.withinDf }];
      gap = "one text kind measured: how much kinds differ is not in the interval";
    } else {
      // Var(new kind's file − mean of K kind means) = τ² + σ² + Var(grand mean), with
      // Var(grand mean) = (τ² + σ²·mean(1/n_k)) / K, i.e. the kind means' variance / K.
      components = [
        {
          variance: (between ?? 0) + within,
          df: satterthwaite([
            { variance: between ?? 0, df: K - 1 },
            { variance: within, df: model.withinDf },
          ]),
        },
        { variance: model.kindMeansVariance / K, df: K - 1 },
      ];
    }
  }
  const variance = components.reduce((a, c) => a + c.variance, 0);
  const df = satterthwaite(components);
  const logSd = Math.sqrt(variance);
  const half = studentTQuantile(confidence, df) * logSd;
  return {
    value: Math.exp(centre),
    low: Math.exp(centre - half),
    high: Math.exp(centre + half),
    logSd,
    df,
    basis,
    ...(gap ? { gap } : {}),
  };
}
