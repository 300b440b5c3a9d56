import {
  entryList,
  isOwnRelease,
  type Calibration,
  type Entry,
  type Ratio,
  type Size,
  type TextKind,
} from "@corpus-census/catalog";
import type { Interval } from "./interval.js";
import { chooseSize, type ConversionError, type SizeBasis } from "./size-choice.js";
import { CLOSEST_TEXT_KIND, conversionFor, SAME_TEXT_KIND } from "./text-kinds.js";
import { calibrationModels, type CalibrationModels } from "./prediction/calibration-models.js";
import { calibrationCheck, unitError } from "./prediction/calibration-check.js";
import type { RatioPrediction } from "./prediction/ratio-model.js";
import { formatPercent } from "./percent.js";

/**
 * The language whose ratios convert an entry: English for the English list, Japanese for the
 * report's other lists; on the current list, the entry's first language.
 */
function entryLanguage(entry: Entry): "ja" | "en" {
  const list = entryList(entry);
  if (list === "current") return entry.languages[0] === "en" ? "en" : "ja";
  return list === "en" ? "en" : "ja";
}

export interface EntryEstimate {
  id: string;
  /** The catalog figure converted, or undefined when the entry has none that can be. */
  size?: Size;
  /** How close the converted figure is to the text, and why it was chosen over the others. */
  sizeBasis?: { basis: SizeBasis; reason: string };
  tokens: Record<string, Interval>;
  /** The measured text kind whose ratio was used, and why a stand-in was needed. */
  textKind?: TextKind;
  notes: string[];
}

function findRatio(
  ratios: Ratio[],
  tokenizer: string,
  lang: "ja" | "en",
  kind: TextKind,
  unit: Ratio["unit"],
): { ratio: Ratio; fallback: boolean } | undefined {
  const same = ratios.filter((r) => r.tokenizer === tokenizer && r.lang === lang && r.unit === unit);
  const exact = same.find((r) => r.textKind === kind);
  if (exact) return { ratio: exact, fallback: false };
  // No sample of this kind: the kind with the most documents stands in, and the note says so.
  const widest = same.sort((a, b) => b.documents - a.documents)[0];
  return widest ? { ratio: widest, fallback: true } : undefined;
}

/** What a prediction interval rests on, in one note per entry. */
function predictionNote(
  models: CalibrationModels,
  lang: "ja" | "en",
  kind: TextKind,
  prediction: RatioPrediction,
  entryKind: string,
): string {
  const files = models.filesOf(lang, kind);
  const level = `${Math.round(100 * models.confidence)}%`;
  const base =
    prediction.basis === "other-kinds"
      ? `no ${lang} ${kind} text in the calibration: converted with the mean over ${lang} text kinds, and the interval adds how much kinds differ`
      : `${level} prediction interval from ${files} ${lang} ${kind} calibration file(s): how much texts of a kind differ`;
  const standIn =
    prediction.basis === "kind-stand-in"
      ? `, plus how much kinds differ (a ${entryKind} corpus converted as ${kind} text)`
      : "";
  return `${base}${standIn}${prediction.gap ? `; ${prediction.gap}` : ""}`;
}

/**
 * Converts an entry's catalog size to tokens per tokenizer with the calibration of its closest
 * text kind. With per-file totals in the calibration, the ratio and its 95% prediction interval
 * come from the random-effects model over files (prediction/ratio-model.ts), and the figure
 * converted is the one whose unit predicts tokens best; an older calibration converts with its
 * ratio of sums and bootstrap interval, which covers only the sampling noise of its documents.
 * Never adds figures of different units: one figure per entry is converted.
 */
export function estimateFromCatalog(entry: Entry, calibration: Calibration, tokenizers: string[]): EntryEstimate {
  const lang = entryLanguage(entry);
  const notes: string[] = [];
  const kind = CLOSEST_TEXT_KIND[entry.kind];
  const models = calibrationModels(calibration);
  const check = models ? calibrationCheck(calibration) : undefined;
  const conversionError = check
    ? (size: Size): ConversionError | undefined => {
        const conversion = conversionFor(size.unit, lang);
        const error = conversion && unitError(check, lang, kind, conversion.unit);
        return error
          ? {
              error: error.rmsLogError,
              standIn: conversion.approximation !== undefined,
              label: `${conversion.unit} ${formatPercent(error.rmsLogError)}`,
            }
          : undefined;
      }
    : undefined;
  const choice = chooseSize(entry, lang, conversionError);
  const otherReleases = [...new Set(entry.sizes.filter((s) => !isOwnRelease(entry, s)).map((s) => s.corpusVersion!))];
  if (!choice) {
    const units = [...new Set(entry.sizes.filter((s) => isOwnRelease(entry, s)).map((s) => s.unit))];
    notes.push(
      units.length === 0
        ? "no published size"
        : `no size in a unit with a calibrated ratio (has: ${units.join(", ")}${lang === "ja" && units.includes("whitespace-words") ? "; whitespace words mean nothing in Japanese" : ""})`,
    );
    if (otherReleases.length > 0)
      notes.push(
        `figures of another release of the corpus (${otherReleases.join(", ")}) are not used for ${entry.version}`,
      );
    return { id: entry.id, tokens: {}, notes };
  }
  if (otherReleases.length > 0)
    notes.push(
      `figures of another release of the corpus (${otherReleases.join(", ")}) are not used for ${entry.version}`,
    );
  const { size } = choice;
  const conversion = conversionFor(size.unit, lang)!;
  if (conversion.approximation)
    notes.push(
      conversion.approximation,
      "the interval does not cover how the publisher's count differs from the unit measured",
    );
  if (size.scope) notes.push(`the figure covers: ${size.scope}`);
  if (!models)
    notes.push(
      `calibration ${calibration.id} has no per-file totals: its intervals cover only the sampling noise of its documents, not how a corpus differs from them`,
    );
  const standIn = !SAME_TEXT_KIND.has(entry.kind);
  const tokens: Record<string, Interval> = {};
  let usedKind: TextKind | undefined;
  for (const tokenizer of tokenizers) {
    const prediction = models?.predict(tokenizer, lang, conversion.unit, kind, standIn);
    if (prediction) {
      usedKind = kind;
      const note = predictionNote(models!, lang, kind, prediction, entry.kind);
      if (!notes.includes(note)) notes.push(note);
      tokens[tokenizer] = {
        value: size.value * prediction.value,
        low: size.value * prediction.low,
        high: size.value * prediction.high,
      };
      continue;
    }
    const found = findRatio(calibration.ratios, tokenizer, lang, kind, conversion.unit);
    if (!found) {
      notes.push(`no calibrated ${lang} ratio of ${tokenizer} tokens per ${conversion.unit}`);
      continue;
    }
    usedKind = found.ratio.textKind;
    if (found.fallback && !notes.some((n) => n.startsWith("no measured")))
      notes.push(`no measured ${lang} ${kind} text: ${found.ratio.textKind} text stands in`);
    if (models && !notes.some((n) => n.startsWith("one calibration file")))
      notes.push(`one calibration file of ${lang} text: the interval covers only the sampling noise of its documents`);
    tokens[tokenizer] = {
      value: size.value * found.ratio.value,
      low: size.value * found.ratio.low,
      high: size.value * found.ratio.high,
    };
  }
  return {
    id: entry.id,
    size,
    sizeBasis: { basis: choice.basis, reason: choice.reason },
    tokens,
    textKind: usedKind,
    notes,
  };
}
