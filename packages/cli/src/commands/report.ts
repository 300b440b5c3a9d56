import { parseArgs } from "../args.js";
import { buildReport, renderReportMarkdown } from "@corpus-census/estimate";
import { openCatalog } from "../catalog-location.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

export const REPORT_HELP = `census report [--json] [--tokenizer IDS] [--catalog DIR]

Sets the report's heuristic (words × 0.5 / × 4/3) beside measured token estimates, per
tokenizer with 95% intervals, for the Japanese list, the English list and the corpora usable
for commercial training, against GPT-3 (300 billion tokens), Llama 2 and PaLM 2.
Markdown by default; --json for machines.`;

export function reportCommand(argv: string[], out: Output): number {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: "boolean", default: false }, tokenizer: { type: "string", multiple: true }, catalog: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  const { catalog, store } = openCatalog(values.catalog);
  store.close();
  const calibrated = [...new Set(catalog.measurements.flatMap((m) => (m.type === "calibration" ? m.ratios.map((r) => r.tokenizer) : [])))];
  const requested = values.tokenizer?.flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
  const preferred = ["r50k_base", "o200k_base", "cl100k_base", "llama3", "qwen3", "gemma3", "deepseek_v3"];
  const tokenizers = requested ?? [...preferred.filter((t) => calibrated.includes(t)), ...calibrated.filter((t) => !preferred.includes(t))];
  for (const t of tokenizers) {
    if (!calibrated.includes(t)) throw new UsageError(`--tokenizer: no calibrated ratios for "${t}" (calibrated: ${calibrated.join(", ") || "none"}); run census calibrate`);
  }
  const report = buildReport(catalog, tokenizers.length > 0 ? tokenizers : ["r50k_base", "o200k_base"]);
  out.stdout(values.json ? JSON.stringify(report, null, 2) : renderReportMarkdown(report, new Date().toISOString().slice(0, 10)));
  return 0;
}
