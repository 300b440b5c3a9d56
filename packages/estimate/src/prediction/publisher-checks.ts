import type { Calibration, PublisherCheck } from "@corpus-census/catalog";
import { calibrationModels } from "./calibration-models.js";
import { conversionFor } from "../text-kinds.js";
import type { Interval } from "../interval.js";

/** A publisher check worked out: census's conversion of one published figure set against the other. */
export interface PublisherCheckResult {
  check: PublisherCheck;
  /** The published figure converted by census into the other's unit, with its 95% prediction interval; absent when it cannot be. */
  predicted?: Interval;
  /** published ÷ predicted. */
  ratio?: number;
  /** Whether the published figure lies inside census's interval. */
  within?: boolean;
  /** Why no prediction was made. */
  reason?: string;
}

/** Works out every publisher check of the catalog with a calibration's models. */
export function workOutPublisherChecks(
  checks: PublisherCheck[],
  calibration: Calibration | undefined,
): PublisherCheckResult[] {
  const models = calibration ? calibrationModels(calibration) : undefined;
  return checks.map((check) => {
    if (!models)
      return { check, reason: calibration ? `calibration ${calibration.id} has no per-file totals` : "no calibration" };
    const unit = conversionFor(check.from.unit, check.lang)!.unit;
    const prediction = models.predict(check.measuredAs, check.lang, unit, check.textKind, !check.sameKind);
    if (!prediction)
      return {
        check,
        reason: `the calibration cannot predict ${check.measuredAs} per ${unit} for ${check.lang} ${check.textKind} text`,
      };
    const predicted = {
      value: check.from.value * prediction.value,
      low: check.from.value * prediction.low,
      high: check.from.value * prediction.high,
    };
    return {
      check,
      predicted,
      ratio: check.published.value / predicted.value,
      within: predicted.low <= check.published.value && check.published.value <= predicted.high,
    };
  });
}
