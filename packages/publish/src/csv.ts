import { ACCESS_LABELS, COMMERCIAL_LABELS, FLAG_LABELS, KIND_LABELS, LIST_LABELS } from "./labels.js";
import { formatTokens } from "@corpus-census/estimate";
import type { Publication } from "./model.js";

/**
 * A cell as spreadsheet software will show it: a value starting with = + - @ (or a tab or
 * carriage return) would be run as a formula, so it is prefixed with an apostrophe; then
 * RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** corpora.csv: UTF-8 with a byte-order mark (Excel then shows Japanese), CRLF line ends, bilingual headers. */
export function renderCsv(publication: Publication): string {
  const headers = [
    "ID",
    "リスト / List",
    "報告書の番号 / Report no.",
    "報告書の表記 / Name in the report",
    "名称 / Name (ja)",
    "Name (en)",
    "公開者 / Publisher",
    "種類 / Kind",
    "ライセンス / Licence",
    "商用利用 / Commercial use",
    "入手方法 / Access",
    "商用学習に利用可 / Usable for commercial training",
    "入手先 / Where to get it",
    "費用 / Cost",
    "規模 / Sizes (unit)",
    ...publication.tokenizers.map((t) => `推定トークン数 / Estimated tokens ${t} (95% interval)`),
    "推定方法 / Estimated by",
    "注意 / Flags",
    "出典 / Sources",
    "確認日 / Checked on",
    "確度 / Confidence",
  ];
  const rows = publication.entries.map(({ entry: e, usableCommercial, sizeTexts, tokens, method }) => [
    e.id,
    `${LIST_LABELS[e.report.list]!.ja} / ${LIST_LABELS[e.report.list]!.en}`,
    String(e.report.number),
    e.report.name,
    e.name.ja,
    e.name.en,
    e.publisher,
    `${KIND_LABELS[e.kind].ja} / ${KIND_LABELS[e.kind].en}`,
    [e.licence.spdx ?? e.licence.name, e.licence.url ?? ""].filter(Boolean).join(" "),
    `${COMMERCIAL_LABELS[e.commercialUse].ja} / ${COMMERCIAL_LABELS[e.commercialUse].en}`,
    `${ACCESS_LABELS[e.access].ja} / ${ACCESS_LABELS[e.access].en}`,
    usableCommercial ? "はい / yes" : "いいえ / no",
    [e.acquisition.huggingFace ? `https://huggingface.co/datasets/${e.acquisition.huggingFace}` : "", e.acquisition.url ?? ""].filter(Boolean).join(" "),
    e.acquisition.cost ?? "",
    sizeTexts.join("; "),
    ...publication.tokenizers.map((t) => (tokens[t] ? `${formatTokens(tokens[t]!.value)} (${formatTokens(tokens[t]!.low)}–${formatTokens(tokens[t]!.high)})` : "")),
    // A converted catalog size is only as good as the calibration: the cell names it.
    method === "catalog-size" && publication.calibration ? `${method} (${publication.calibration.id})` : method,
    e.flags.map((f) => `${FLAG_LABELS[f.code].ja} / ${FLAG_LABELS[f.code].en}${f.target ? ` (${f.target})` : ""}: ${f.note}`).join("; "),
    e.sources.join(" "),
    e.checkedOn,
    e.confidence,
  ]);
  const lines = [headers, ...rows].map((r) => r.map(csvCell).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}
