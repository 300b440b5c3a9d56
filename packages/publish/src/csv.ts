import { formatSize } from "@corpus-census/catalog";
import { formatTokens } from "@corpus-census/estimate";
import { formatRange } from "./chart.js";
import { entryJsonPath } from "./html.js";
import {
  ACCESS_LABELS,
  COMMERCIAL_LABELS,
  CONFIDENCE_LABELS,
  FLAG_LABELS,
  formatSizeJa,
  KIND_LABELS,
  listLabel,
  METHOD_LABELS,
  NOT_IN_REPORT,
  NOT_LEGAL_ADVICE_SHORT,
  type Bilingual,
} from "./labels.js";
import { listPosition, type Publication } from "./model.js";

const bi = (b: Bilingual) => `${b.ja} / ${b.en}`;

/**
 * A cell as spreadsheet software will show it: a value starting with = + - @ (or a tab or
 * carriage return) would be run as a formula, so it is prefixed with an apostrophe; then
 * RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * corpora.csv: UTF-8 with a byte-order mark (Excel then shows Japanese), CRLF line ends; every
 * header and every value drawn from the catalog's vocabularies is in Japanese and English (free
 * notes are as the catalog has them). The last column carries the not-legal-advice notice on
 * every row, so it stays with any row copied out of the sheet.
 */
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
    "元データ / Catalog file",
    "注意事項 / Notice",
  ];
  const rows = publication.entries.map(({ entry: e, usableCommercial, tokens, method }) => [
    e.id,
    bi(listLabel(listPosition(e).list)),
    String(listPosition(e).number ?? ""),
    listPosition(e).reportName ?? bi(NOT_IN_REPORT),
    e.name.ja,
    e.name.en,
    e.publisher,
    bi(KIND_LABELS[e.kind]),
    [e.licence.spdx ?? e.licence.name, e.licence.url ?? ""].filter(Boolean).join(" "),
    bi(COMMERCIAL_LABELS[e.commercialUse]),
    bi(ACCESS_LABELS[e.access]),
    usableCommercial ? "はい / yes" : "いいえ / no",
    [
      e.acquisition.huggingFace ? `https://huggingface.co/datasets/${e.acquisition.huggingFace}` : "",
      e.acquisition.url ?? "",
    ]
      .filter(Boolean)
      .join(" "),
    e.acquisition.cost ?? "",
    e.sizes.map((s) => `${formatSizeJa(s)} / ${formatSize(s)} (${s.asOf})`).join("; "),
    ...publication.tokenizers.map((t) =>
      tokens[t] ? `${formatTokens(tokens[t]!.value)} (${formatRange(tokens[t]!.low, tokens[t]!.high)})` : "",
    ),
    // A converted catalog size is only as good as the calibration: the cell names it.
    `${bi(METHOD_LABELS[method] ?? { ja: method, en: method })}${method === "catalog-size" && publication.calibration ? ` (${publication.calibration.id})` : ""}`,
    e.flags.map((f) => `${bi(FLAG_LABELS[f.code])}${f.target ? ` (${f.target})` : ""}: ${f.note}`).join("; "),
    e.sources.join(" "),
    e.checkedOn,
    bi(CONFIDENCE_LABELS[e.confidence] ?? { ja: e.confidence, en: e.confidence }),
    entryJsonPath(e.id),
    bi(NOT_LEGAL_ADVICE_SHORT),
  ]);
  const lines = [headers, ...rows].map((r) => r.map(csvCell).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}
