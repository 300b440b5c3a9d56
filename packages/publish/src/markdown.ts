import { ACCESS_LABELS, calibrationNotice, COMMERCIAL_LABELS, FLAG_LABELS, KIND_LABELS, NOT_LEGAL_ADVICE } from "./labels.js";
import type { Publication } from "./model.js";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** README.md: the list as a Markdown table. */
export function renderMarkdown(publication: Publication): string {
  const lines = [
    "# 既存コーパス一覧 / Existing corpora",
    "",
    `確認日 / Facts checked on: ${publication.catalogDate}. Schema ${publication.schemaVersion}.`,
    "",
    `> ${NOT_LEGAL_ADVICE.ja}`,
    `> ${NOT_LEGAL_ADVICE.en}`,
    "",
    `${calibrationNotice(publication.calibration).ja}`,
    `${calibrationNotice(publication.calibration).en}`,
    "",
    "| no. | 名称 / Name | kind | licence | commercial use | access | how to get it | flags |",
    "|---|---|---|---|---|---|---|---|",
    ...publication.entries.map(({ entry: e }) => {
      const get = e.acquisition.huggingFace ? `https://huggingface.co/datasets/${e.acquisition.huggingFace}` : (e.acquisition.url ?? "—");
      return `| ${e.report.list} ${e.report.number} | ${cell(e.name.ja)} / ${cell(e.name.en)} | ${KIND_LABELS[e.kind].en} | ${cell(e.licence.spdx ?? e.licence.name)} | ${COMMERCIAL_LABELS[e.commercialUse].en} | ${ACCESS_LABELS[e.access].en} | ${cell(get)} | ${e.flags.map((f) => FLAG_LABELS[f.code].en).join(", ") || "—"} |`;
    }),
    "",
  ];
  return lines.join("\n");
}
