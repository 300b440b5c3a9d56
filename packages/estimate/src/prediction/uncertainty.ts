import type { Calibration, CalibrationUnit, TextKind } from "@corpus-census/catalog";
import { calibrationCheck } from "./calibration-check.js";
import type { CoverageSummary } from "./leave-one-file-out.js";

/** What the answer's intervals mean, and how they fared on calibration files left out. */
export interface Uncertainty {
  /** One sentence: what an interval of a converted size covers and what it does not. */
  covers: string;
  /** Leave-one-file-out coverage per language; null when the calibration has no per-file totals. */
  check: { confidence: number; byLanguage: ({ lang: "ja" | "en" } & CoverageSummary)[] } | null;
  /** Per language and text kind, every unit's leave-one-file-out error, best first. */
  units: {
    lang: "ja" | "en";
    textKind: TextKind | "all";
    files: number;
    /** Share of this kind's left-out predictions (every unit and tokenizer) whose interval held the exact count. */
    coverage: number;
    errors: { unit: CalibrationUnit; rmsLogError: number; coverage: number }[];
  }[];
}

const INTERVAL_COVERS =
  "A 95% interval of a size converted into tokens is a prediction interval: it covers how much texts of one kind differ from one another (the spread between calibration files of that kind, with a t quantile for few files) and, where a corpus's kind is only close to a calibrated one, how much kinds differ; it does not cover overlap between corpora, errors in the published sizes, the gap between a publisher's word count and the unit census measures, or a corpus unlike every calibration text.";

const OLD_CALIBRATION =
  "This calibration has no per-file totals (made before census recorded them): its intervals cover only the sampling noise of its documents, not how a corpus differs from them; run census calibrate again.";

export function describeUncertainty(calibration: Calibration | undefined): Uncertainty {
  const check = calibration ? calibrationCheck(calibration) : undefined;
  if (!check) return { covers: calibration ? OLD_CALIBRATION : INTERVAL_COVERS, check: null, units: [] };
  const groups = new Map<string, Uncertainty["units"][number]>();
  for (const u of check.unitErrors) {
    const key = `${u.lang}\0${u.textKind}`;
    const group = groups.get(key) ?? { lang: u.lang, textKind: u.textKind, files: u.files, coverage: 0, errors: [] };
    group.files = Math.max(group.files, u.files);
    group.errors.push({ unit: u.unit, rmsLogError: u.rmsLogError, coverage: u.coverage });
    groups.set(key, group);
  }
  const held = (lang: string, kind: string) => {
    const own = check.predictions.filter((p) => p.lang === lang && (kind === "all" || p.textKind === kind));
    return own.filter((p) => p.covered).length / own.length;
  };
  const units = [...groups.values()]
    .map((g) => ({
      ...g,
      coverage: held(g.lang, g.textKind),
      errors: g.errors.sort((a, b) => a.rmsLogError - b.rmsLogError),
    }))
    .sort(
      (a, b) =>
        a.lang.localeCompare(b.lang) ||
        Number(a.textKind === "all") - Number(b.textKind === "all") ||
        a.textKind.localeCompare(b.textKind),
    );
  return { covers: INTERVAL_COVERS, check: { confidence: check.confidence, byLanguage: check.byLanguage }, units };
}
