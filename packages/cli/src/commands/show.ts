import { defineCommand } from "../command-definition.js";
import { formatSize, type Entry } from "@corpus-census/catalog";
import { openCatalog } from "../catalog-location.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

export const showDefinition = defineCommand({
  usage: "census show <id> [--json] [--catalog DIR]",
  description: "Shows one entry with every fact and its source.",
  options: { json: { type: "boolean", default: false }, catalog: { type: "string" } },
  positionals: true,
  run: ({ values, positionals }, out) => showCommand(values, positionals, out),
});

function section(title: string, lines: string[]): string {
  return [`${title}:`, ...lines.map((l) => `  ${l}`)].join("\n");
}

export function formatEntry(e: Entry): string {
  const licence = [e.licence.spdx ?? e.licence.name, e.licence.spdx ? `(${e.licence.name})` : "", e.licence.url ?? ""]
    .filter(Boolean)
    .join(" ");
  const parts = [
    `${e.name.ja} / ${e.name.en}  [${e.id}]`,
    e.report
      ? `report: ${e.report.list} list, no. ${e.report.number}: ${e.report.name}`
      : "list: current (today's corpora; not in the 2024 report)",
    ...(e.partOf ? [`part of: ${e.partOf}`] : []),
    ...(e.parts ? [`parts: ${e.parts.join(", ")}`] : []),
    `publisher: ${e.publisher}`,
    `homepage: ${e.homepage ?? "—"}`,
    `kind: ${e.kind}    languages: ${e.languages.join(", ")}`,
    `description: ${e.description.en}`,
    `             ${e.description.ja}`,
    section("licence", [
      licence,
      `source: ${e.licence.source}`,
      ...(e.licence.note ? [`note: ${e.licence.note}`] : []),
    ]),
    section("commercial use", [
      e.commercialUse,
      e.terms.commercialUse.note,
      `source: ${e.terms.commercialUse.source}`,
      ...(e.classReason
        ? [`differs from its licence's class because: ${e.classReason.note} (${e.classReason.source})`]
        : []),
    ]),
    section("access", [e.access, e.terms.access.note, `source: ${e.terms.access.source}`]),
    section("how to get it", [
      ...(e.acquisition.url ? [`url: ${e.acquisition.url}`] : []),
      ...(e.acquisition.huggingFace ? [`Hugging Face: ${e.acquisition.huggingFace}`] : []),
      ...e.acquisition.steps.map((s, i) => `${i + 1}. ${s}`),
      `cost: ${e.acquisition.cost ?? "free"}`,
      `source: ${e.acquisition.source}`,
    ]),
    section(
      "sizes",
      e.sizes.length === 0
        ? ["none published"]
        : e.sizes.map(
            (s) =>
              `${formatSize(s)}${s.quote ? ` ("${s.quote}")` : ""} — as of ${s.asOf}, ${s.source}${s.note ? ` — ${s.note}` : ""}`,
          ),
    ),
    section(
      "flags",
      e.flags.length === 0
        ? ["none"]
        : e.flags.map((f) => `${f.code}${f.target ? ` → ${f.target}` : ""}: ${f.note} (${f.source})`),
    ),
    section("sources", e.sources),
    `checked on: ${e.checkedOn}    confidence: ${e.confidence}`,
    ...(e.unknowns.length > 0 ? [section("not verified", e.unknowns)] : []),
    "Not legal advice: read the licence itself before use.",
  ];
  return parts.join("\n");
}

function showCommand(values: { json: boolean; catalog?: string }, positionals: string[], out: Output): number {
  if (positionals.length !== 1) throw new UsageError("census show takes exactly one entry id, e.g. census show bccwj");
  const { store } = openCatalog(values.catalog, out);
  try {
    const entry = store.get(positionals[0]!);
    if (!entry) {
      const near = store.ids().filter((id) => id.includes(positionals[0]!) || positionals[0]!.includes(id));
      out.stderr(
        `census show: no entry with id "${positionals[0]}"${near.length ? `; did you mean: ${near.join(", ")}` : ""} (census list shows all ids)`,
      );
      return 1;
    }
    out.stdout(values.json ? JSON.stringify(entry, null, 2) : formatEntry(entry));
  } finally {
    store.close();
  }
  return 0;
}
