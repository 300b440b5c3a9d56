import { existsSync, readFileSync } from "node:fs";
import { calibrationSchema, type Calibration, type Catalog } from "@corpus-census/catalog";
import {
  calibratedTokenizers,
  calibrationsOf,
  CalibrationChoiceError,
  chooseCalibration,
  SHIPPED_CALIBRATION_ID,
} from "@corpus-census/estimate";
import { UsageError } from "./usage-error.js";

export const CALIBRATION_OPTION_HELP = `  --calibration ID|FILE   the calibration that converts catalog sizes: an id in <catalog>/measurements/
                          or a calibration file (default: the shipped ${SHIPPED_CALIBRATION_ID}); every output names it`;

function readCalibrationFile(path: string): Calibration {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--calibration ${path}: ${(error as Error).message}`);
  }
  const parsed = calibrationSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      `--calibration ${path}: not a calibration: ${issue.path.join(".") || "(top level)"}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/**
 * The calibration a report or a publication uses: the one named by --calibration (an id in
 * the catalog, or a file), else the shipped one. Never the newest by date: census calibrate
 * records a calibration beside the shipped one without replacing it.
 */
export function resolveCalibration(
  catalog: Catalog,
  option: string | undefined,
): { calibration: Calibration | undefined; explicit: Calibration | undefined; tokenizers: string[] } {
  let explicit: Calibration | undefined;
  if (option !== undefined) {
    const byId = calibrationsOf(catalog).find((c) => c.id === option);
    if (byId) explicit = byId;
    else if (existsSync(option)) explicit = readCalibrationFile(option);
    else {
      const ids = calibrationsOf(catalog).map((c) => c.id);
      throw new UsageError(
        `--calibration: "${option}" is neither a calibration of the catalog (${ids.join(", ") || "none"}) nor a file`,
      );
    }
  }
  try {
    const calibration = chooseCalibration(catalog, explicit);
    return { calibration, explicit, tokenizers: calibratedTokenizers(calibration) };
  } catch (error) {
    if (error instanceof CalibrationChoiceError) throw new UsageError(error.message);
    throw error;
  }
}
