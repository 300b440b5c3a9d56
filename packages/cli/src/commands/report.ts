import { defineCommand } from "../command-definition.js";
import { buildReport, renderReportMarkdown } from "@corpus-census/estimate";
import { CALIBRATION_OPTION_HELP, resolveCalibration } from "../calibration-option.js";
import { openCatalog } from "../catalog-location.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

export const reportDefinition = defineCommand({
  usage: "census report [--json] [--tokenizer IDS] [--calibration ID|FILE] [--catalog DIR]",
  description: `Sets the report's heuristic (words × 0.5 / × 4/3) beside measured token estimates, per
tokenizer with 95% intervals, for the Japanese list, the English list and the corpora usable
for commercial training, against GPT-3 (300 billion tokens), Llama 2 and PaLM 2; then the
same question for the current list (today's corpora, not in the report; lists.current), with
overlapping Common Crawl derivatives counted once and the plain sum as an upper bound.
Markdown by default; --json for machines.
${CALIBRATION_OPTION_HELP}`,
  options: {
    json: { type: "boolean", default: false },
    tokenizer: { type: "string", multiple: true },
    calibration: { type: "string" },
    catalog: { type: "string" },
  },
  positionals: false,
  run: ({ values }, out) => reportCommand(values, out),
});

function reportCommand(
  values: { json: boolean; tokenizer?: string[]; calibration?: string; catalog?: string },
  out: Output,
): number {
  const { catalog, store } = openCatalog(values.catalog, out);
  store.close();
  // Only the calibration in use counts: a tokenizer another calibration has is not estimated by this one.
  const { calibration, explicit, tokenizers: calibrated } = resolveCalibration(catalog, values.calibration);
  const requested = values.tokenizer
    ?.flatMap((t) => t.split(","))
    .map((t) => t.trim())
    .filter(Boolean);
  const preferred = ["r50k_base", "o200k_base", "cl100k_base", "llama3", "qwen3", "gemma3", "deepseek_v3"];
  const tokenizers = requested ?? [
    ...preferred.filter((t) => calibrated.includes(t)),
    ...calibrated.filter((t) => !preferred.includes(t)),
  ];
  for (const t of tokenizers) {
    if (!calibrated.includes(t)) {
      throw new UsageError(
        `--tokenizer: no calibrated ratios for "${t}" in calibration ${calibration?.id ?? "(none)"} (it has: ${calibrated.join(", ") || "none"}); run census calibrate, or choose another with --calibration`,
      );
    }
  }
  const report = buildReport(catalog, tokenizers.length > 0 ? tokenizers : ["r50k_base", "o200k_base"], {
    calibration: explicit,
  });
  out.stdout(
    values.json ? JSON.stringify(report, null, 2) : renderReportMarkdown(report, new Date().toISOString().slice(0, 10)),
  );
  return 0;
}
