import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { positiveInteger } from "../args.js";
import { defineCommand } from "../command-definition.js";
import { TEXT_KINDS, type Calibration, type TextKind } from "@corpus-census/catalog";
import { writeAtomically } from "@corpus-census/common";
import { defaultWorkers, expandInputs, FORMATS, type Format } from "@corpus-census/count";
import { loadRegistry, resolveTokenizer } from "@corpus-census/tokenizers";
import {
  calibrate,
  calibrationCheck,
  formatPercent,
  describeCalibration,
  SHIPPED_CALIBRATION_ID,
  type CalibrationSample,
} from "@corpus-census/estimate";
import { BUNDLED_CATALOG_DIR } from "../catalog-location.js";
import { renderTable } from "../table.js";
import { UsageError } from "../usage-error.js";
import { statusLine } from "../progress.js";
import { errorWords } from "../error-text.js";
import { checkHubNames, ENCODINGS } from "./count.js";
import type { Output } from "../output.js";
import { TOOL_VERSION } from "../version.js";

/** --seed's default, stated here once: the help gives it on --replicates' line, where the option has none of its own. */
const DEFAULT_SEED = "1";

export const calibrateDefinition = defineCommand({
  usage: `census calibrate <PATH=LANG/KIND[/FORMAT]...> [options]
census calibrate --manifest scripts/calibration-samples.json`,
  description: `Counts sample texts and records tokens per unit (kuromoji morpheme, whitespace word,
character, UTF-8 byte) for every tokenizer and text kind, with 95% bootstrap intervals over
documents, into <catalog>/measurements/<id>.json (and the SQLite store). census report and
census publish keep using the shipped calibration (${SHIPPED_CALIBRATION_ID}) until
told otherwise with --calibration ID|FILE.
  LANG: ja | en    KIND: ${TEXT_KINDS.join(" | ")}    FORMAT: ${FORMATS.join(" | ")}`,
  options: {
    manifest: {
      type: "string",
      label: "--manifest FILE",
      description: 'a JSON list of samples: {"root": DIR, "samples": [{file, root?, lang, textKind, format?}]}',
    },
    tokenizer: {
      type: "string",
      multiple: true,
      label: "--tokenizer IDS",
      description: "comma-separated (default: every tokenizer of the registry)",
    },
    workers: {
      type: "string",
      default: String(defaultWorkers()),
      label: "--workers N",
      description: "worker threads (default {default})",
    },
    // --seed has no line of its own: the help gives it on --replicates' line.
    replicates: {
      type: "string",
      default: "1000",
      label: "--replicates N",
      description: `bootstrap resamples (default {default})   --seed N (default ${DEFAULT_SEED})`,
    },
    seed: { type: "string", default: DEFAULT_SEED },
    id: { type: "string", label: "--id ID", description: "measurement id (default calibration-<date>)" },
    out: { type: "string", label: "--out FILE", description: "write here instead of <catalog>/measurements/<id>.json" },
    catalog: {
      type: "string",
      label: "--catalog DIR",
      description: "the catalog whose measurements/ receives the file",
    },
    encoding: {
      type: "string",
      default: "auto",
      enum: ENCODINGS,
      label: "--encoding NAME",
      description: "utf-8 | shift_jis | euc-jp | auto (default: as census count)",
    },
    json: { type: "boolean", default: false, label: "--json", description: "print the measurement" },
  },
  positionals: true,
  column: 21,
  run: ({ values, positionals }, out) => calibrateCommand(values, positionals, out),
});

interface CalibrateValues {
  manifest?: string;
  tokenizer?: string[];
  workers: string;
  replicates: string;
  seed: string;
  id?: string;
  out?: string;
  catalog?: string;
  encoding: (typeof ENCODINGS)[number];
  json: boolean;
}

const LANGS = ["ja", "en"] as const;

function parseSample(arg: string): CalibrationSample {
  const match = /^(.+)=(ja|en)\/([a-z-]+)(?:\/([a-z]+))?$/.exec(arg);
  if (!match) throw new UsageError(`"${arg}": expected PATH=LANG/KIND[/FORMAT], e.g. ja/bocchan.txt=ja/fiction/lines`);
  const [, file, lang, kind, format] = match;
  if (!(TEXT_KINDS as readonly string[]).includes(kind!))
    throw new UsageError(`"${arg}": unknown text kind "${kind}"; expected one of ${TEXT_KINDS.join(", ")}`);
  if (format && !(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`"${arg}": unknown format "${format}"; expected one of ${FORMATS.join(", ")}`);
  return {
    file: file!,
    lang: lang as "ja" | "en",
    textKind: kind as TextKind,
    format: format as Format | undefined,
    name: file,
  };
}

function readManifest(path: string): CalibrationSample[] {
  let data: {
    root?: string;
    samples?: { file: string; root?: string; lang: string; textKind: string; format?: string }[];
  };
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--manifest ${path}: ${errorWords(error)}`);
  }
  if (!Array.isArray(data.samples)) throw new UsageError(`--manifest ${path}: expected {"samples": [...]}`);
  const root = resolve(dirname(path), data.root ?? ".");
  return data.samples.map((s, i) => {
    if (!LANGS.includes(s.lang as "ja") || !(TEXT_KINDS as readonly string[]).includes(s.textKind)) {
      throw new UsageError(
        `--manifest ${path}: samples[${i}]: expected lang ja|en and textKind one of ${TEXT_KINDS.join(", ")}`,
      );
    }
    // A sample's own root (relative to the manifest) overrides the manifest's: samples can come from two folders.
    return {
      file: join(s.root === undefined ? root : resolve(dirname(path), s.root), s.file),
      name: s.file,
      lang: s.lang as "ja" | "en",
      textKind: s.textKind as TextKind,
      format: s.format as Format | undefined,
    };
  });
}

export function renderRatios(calibration: Calibration): string {
  return renderTable(calibration.ratios, [
    { header: "tokenizer", value: (r) => r.tokenizer },
    { header: "lang", value: (r) => r.lang },
    { header: "text kind", value: (r) => r.textKind },
    { header: "tokens per", value: (r) => r.unit },
    { header: "ratio", value: (r) => r.value.toFixed(4), align: "right" },
    { header: "95% interval", value: (r) => `${r.low.toFixed(4)}–${r.high.toFixed(4)}`, align: "right" },
    { header: "documents", value: (r) => r.documents.toLocaleString("en-US"), align: "right" },
  ]);
}

async function calibrateCommand(values: CalibrateValues, positionals: string[], out: Output): Promise<number> {
  const samples = [...(values.manifest ? readManifest(values.manifest) : []), ...positionals.map(parseSample)];
  if (samples.length === 0) throw new UsageError("census calibrate needs samples (PATH=LANG/KIND or --manifest FILE)");
  // A missing sample is reported before any tokenizer is loaded.
  await expandInputs(samples.map((s) => s.file));
  const names = (
    values.tokenizer ??
    loadRegistry()
      .map((e) => e.id)
      .join(",")
  )
    .toString()
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  checkHubNames(names, "--tokenizer: ");
  const specs = await Promise.all(
    names.map((n) =>
      resolveTokenizer(n).catch((e: Error) => Promise.reject(new UsageError(`--tokenizer: ${e.message}`))),
    ),
  );
  const status = statusLine();
  const started = Date.now();
  let calibration: Awaited<ReturnType<typeof calibrate>>;
  try {
    calibration = await calibrate(samples, specs, {
      // Checked against its enum as the arguments were parsed.
      encoding: values.encoding,
      onSample: (index, total, sample) =>
        status?.set(
          `calibrate: sample ${index + 1}/${total} (${sample.lang}/${sample.textKind}) ${sample.name ?? sample.file}, ${Math.round((Date.now() - started) / 1000)} s`,
        ),
      // The defaults are the options': these are never undefined.
      workers: positiveInteger("workers", values.workers)!,
      replicates: positiveInteger("replicates", values.replicates)!,
      seed: positiveInteger("seed", values.seed)!,
      toolVersion: TOOL_VERSION,
      id: values.id,
    });
  } finally {
    status?.done();
  }
  const target = values.out ?? join(values.catalog ?? BUNDLED_CATALOG_DIR, "measurements", `${calibration.id}.json`);
  writeAtomically(target, `${JSON.stringify(calibration, null, 2)}\n`);
  const shown = target.startsWith(process.cwd()) ? relative(process.cwd(), target) : target;
  const basis = describeCalibration(calibration);
  const use =
    calibration.id === SHIPPED_CALIBRATION_ID
      ? `This is the shipped calibration (${SHIPPED_CALIBRATION_ID}): census report and census publish use it.`
      : `census report and census publish still use ${SHIPPED_CALIBRATION_ID}; to use this one: census report --calibration ${values.out ? shown : calibration.id}`;
  const check = calibrationCheck(calibration);
  // How the prediction intervals fare on files they were not fitted to: the first thing to know of a new calibration.
  const checked = check?.byLanguage.length
    ? [
        `Leave-one-file-out check of its ${Math.round(100 * calibration.confidence)}% prediction intervals: ${check.byLanguage
          .map(
            (l) =>
              `${l.lang} ${formatPercent(l.coverage)} of ${l.predictions} predictions held the exact count (mean half-width ±${formatPercent(l.meanRelativeHalfWidth)}, ${l.files} files)`,
          )
          .join("; ")}.`,
      ]
    : [];
  const notice = [
    `Calibration ${calibration.id}: ${basis.summary}.`,
    ...(basis.warning ? [`Warning: ${basis.warning}.`] : []),
    ...checked,
    use,
  ];
  if (values.json) {
    out.stdout(JSON.stringify(calibration, null, 2));
    out.stderr(notice.join("\n"));
  } else {
    out.stdout(renderRatios(calibration));
    out.stdout(
      `\n${calibration.ratios.length} ratios from ${calibration.samples.length} samples (${calibration.samples.reduce((n, s) => n + s.documents, 0).toLocaleString("en-US")} documents); wrote ${shown}`,
    );
    out.stdout(notice.join("\n"));
  }
  return 0;
}
