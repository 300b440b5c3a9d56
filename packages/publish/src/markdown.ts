import {
  ACCESS_LABELS,
  calibrationNotice,
  COMMERCIAL_LABELS,
  FLAG_LABELS,
  KIND_LABELS,
  NOT_IN_REPORT,
  NOT_LEGAL_ADVICE,
} from "./labels.js";
import { markdownText, type Entry } from "@corpus-census/catalog";
import { listPosition, type Publication } from "./model.js";

/** Catalog text in a cell: shown as text, never as HTML, a link or a terminal sequence. */
const cell = markdownText;

/** Flags by name, each overlap and subset with the entry it names: "Overlaps another entry (mc4-ja, oscar-original-ja)". */
function flagsCell(flags: Entry["flags"]): string {
  const codes = [...new Set(flags.map((f) => f.code))];
  if (codes.length === 0) return "—";
  return codes
    .map((code) => {
      const targets = flags.filter((f) => f.code === code && f.target).map((f) => f.target!);
      return `${FLAG_LABELS[code].en}${targets.length ? ` (${cell(targets.join(", "))})` : ""}`;
    })
    .join(", ");
}

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
      const get = e.acquisition.huggingFace
        ? `https://huggingface.co/datasets/${e.acquisition.huggingFace}`
        : (e.acquisition.url ?? "—");
      const pos = listPosition(e);
      return `| ${pos.list}${pos.number !== null ? ` ${pos.number}` : ` (${NOT_IN_REPORT.en})`} | ${cell(e.name.ja)} / ${cell(e.name.en)} | ${KIND_LABELS[e.kind].en} | ${cell(e.licence.spdx ?? e.licence.name)} | ${COMMERCIAL_LABELS[e.commercialUse].en} | ${ACCESS_LABELS[e.access].en} | ${cell(get)} | ${flagsCell(e.flags)} |`;
    }),
    "",
  ];
  return lines.join("\n");
}
