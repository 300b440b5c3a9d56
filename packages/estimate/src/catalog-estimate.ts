import { entryList, isOwnRelease, type Calibration, type Entry, type Ratio, type Size, type SizeUnit, type TextKind } from "@corpus-census/catalog";
import type { Interval } from "./interval.js";
import { chooseSize, type SizeBasis } from "./size-choice.js";
import { CLOSEST_TEXT_KIND, conversionFor } from "./text-kinds.js";

/** Catalog units a figure can be converted from (which one is chosen: size-choice.ts). */
export const CONVERTIBLE_UNITS: readonly SizeUnit[] = ["characters", "bytes-uncompressed", "short-unit-words", "morphemes", "words", "whitespace-words"];

/**
 * The language whose ratios convert an entry: English for the English list, Japanese for the
 * report's other lists; on the current list, the entry's first language.
 */
export function entryLanguage(entry: Entry): "ja" | "en" {
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

function findRatio(ratios: Ratio[], tokenizer: string, lang: "ja" | "en", kind: TextKind, unit: Ratio["unit"]): { ratio: Ratio; fallback: boolean } | undefined {
  const same = ratios.filter((r) => r.tokenizer === tokenizer && r.lang === lang && r.unit === unit);
  const exact = same.find((r) => r.textKind === kind);
  if (exact) return { ratio: exact, fallback: false };
  // No sample of this kind: the kind with the most documents stands in, and the note says so.
  const widest = same.sort((a, b) => b.documents - a.documents)[0];
  return widest ? { ratio: widest, fallback: true } : undefined;
}

/**
 * Converts an entry's catalog size to tokens per tokenizer with the measured ratio of its unit
 * and closest text kind, carrying the ratio's interval. Never adds figures of different units:
 * one figure per entry is converted.
 */
export function estimateFromCatalog(entry: Entry, calibration: Calibration, tokenizers: string[]): EntryEstimate {
  const lang = entryLanguage(entry);
  const notes: string[] = [];
  const choice = chooseSize(entry, lang);
  const otherReleases = [...new Set(entry.sizes.filter((s) => !isOwnRelease(entry, s)).map((s) => s.corpusVersion!))];
  if (!choice) {
    const units = [...new Set(entry.sizes.filter((s) => isOwnRelease(entry, s)).map((s) => s.unit))];
    notes.push(
      units.length === 0
        ? "no published size"
        : `no size in a unit with a calibrated ratio (has: ${units.join(", ")}${lang === "ja" && units.includes("whitespace-words") ? "; whitespace words mean nothing in Japanese" : ""})`,
    );
    if (otherReleases.length > 0) notes.push(`figures of another release of the corpus (${otherReleases.join(", ")}) are not used for ${entry.version}`);
    return { id: entry.id, tokens: {}, notes };
  }
  if (otherReleases.length > 0) notes.push(`figures of another release of the corpus (${otherReleases.join(", ")}) are not used for ${entry.version}`);
  const { size } = choice;
  const conversion = conversionFor(size.unit, lang)!;
  if (conversion.approximation) notes.push(conversion.approximation);
  if (size.scope) notes.push(`the figure covers: ${size.scope}`);
  const kind = CLOSEST_TEXT_KIND[entry.kind];
  const tokens: Record<string, Interval> = {};
  let usedKind: TextKind | undefined;
  for (const tokenizer of tokenizers) {
    const found = findRatio(calibration.ratios, tokenizer, lang, kind, conversion.unit);
    if (!found) {
      notes.push(`no calibrated ${lang} ratio of ${tokenizer} tokens per ${conversion.unit}`);
      continue;
    }
    usedKind = found.ratio.textKind;
    if (found.fallback && !notes.some((n) => n.startsWith("no measured"))) notes.push(`no measured ${lang} ${kind} text: ${found.ratio.textKind} text stands in`);
    tokens[tokenizer] = { value: size.value * found.ratio.value, low: size.value * found.ratio.low, high: size.value * found.ratio.high };
  }
  return { id: entry.id, size, sizeBasis: { basis: choice.basis, reason: choice.reason }, tokens, textKind: usedKind, notes };
}
