import {
  ACCESS,
  COMMERCIAL_USE,
  formatSize,
  KINDS,
  LISTS,
  NOT_USABLE_TEXT_FLAGS,
  normalizeForSearch,
  searchableText,
  USABILITY_RULES,
} from "@corpus-census/catalog";
import { formatTokens, type Interval } from "@corpus-census/estimate";
import {
  ACCESS_LABELS,
  COMMERCIAL_LABELS,
  FLAG_LABELS,
  formatSizeJa,
  KIND_LABELS,
  listLabel,
  METHOD_LABELS,
  NOT_IN_REPORT,
  NOT_LEGAL_ADVICE,
  calibrationNotice,
  type Bilingual,
} from "./labels.js";
import { listPosition, TOKENIZER_MODELS, type Publication, type PublishedEntry } from "./model.js";
import { formatRange, renderChart } from "./chart.js";
import { renderChecksSection } from "./checks-section.js";
import { bothSpans as both, escapeHtml } from "./html-text.js";

export { escapeHtml };

/** A link only for http(s) URLs (or a path inside the published folder); anything else is shown as text. */
function link(url: string | null | undefined, text?: string): string {
  if (!url) return "";
  const label = escapeHtml(text ?? url);
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${label}</a>` : label;
}

/** Where an entry's raw catalog file is published, relative to index.html. */
export const entryJsonPath = (id: string) => `entries/${id}.json`;

/** A long licence name shortened to its first clause for the table; the details show it whole. */
export function shortLicence(name: string): { text: string; cut: boolean } {
  const stops = ["; ", " (", ": ", " — ", ". ", "（"].map((s) => name.indexOf(s)).filter((i) => i >= 6);
  let end = stops.length ? Math.min(...stops) : name.length;
  if (end > 60) end = name.lastIndexOf(" ", 56) > 20 ? name.lastIndexOf(" ", 56) : 56;
  return end < name.length ? { text: name.slice(0, end).replace(/[,;:]$/, ""), cut: true } : { text: name, cut: false };
}

const fmtInterval = (i: Interval) =>
  `${formatTokens(i.value)} <span class="muted">(${formatRange(i.low, i.high)})</span>`;

function tokensCell(p: PublishedEntry, tokenizers: string[]): string {
  const first = tokenizers[0];
  const t = first ? p.tokens[first] : undefined;
  if (!t) return `<span class="muted">—</span>`;
  return `<strong>${escapeHtml(formatTokens(t.value))}</strong><br><span class="muted">${escapeHtml(formatRange(t.low, t.high))}</span>`;
}

function flagChips(p: PublishedEntry): string {
  const codes = [...new Set(p.entry.flags.map((f) => f.code))];
  if (codes.length === 0) return `<span class="muted">—</span>`;
  return codes
    .map((code) => {
      const flags = p.entry.flags.filter((f) => f.code === code);
      const targets = flags.map((f) => f.target).filter(Boolean);
      const serious = (NOT_USABLE_TEXT_FLAGS as readonly string[]).includes(code);
      const title = flags.map((f) => `${f.target ? `${f.target}: ` : ""}${f.note}`).join("\n");
      return `<span class="chip${serious ? " chip-serious" : ""}" data-flag="${code}" title="${escapeHtml(title)}">⚠ ${both(FLAG_LABELS[code])}${targets.length > 1 ? ` ×${targets.length}` : ""}</span>`;
    })
    .join(" ");
}

function details(p: PublishedEntry, tokenizers: string[]): string {
  const e = p.entry;
  const pos = listPosition(e);
  const get = [
    e.acquisition.huggingFace
      ? link(`https://huggingface.co/datasets/${e.acquisition.huggingFace}`, `hf:${e.acquisition.huggingFace}`)
      : "",
    link(e.acquisition.url),
  ].filter(Boolean);
  const sec = (title: Bilingual, body: string) => `<section><p class="sec">${both(title)}</p>${body}</section>`;
  const source = (url: string) =>
    /^https?:/.test(url)
      ? ` <span class="muted">[${link(url, "出典 / source")}]</span>`
      : ` <span class="muted">[${escapeHtml(url)}]</span>`;
  const sizes = e.sizes.length
    ? `<ul class="plain">${e.sizes.map((s) => `<li>${both({ ja: formatSizeJa(s), en: formatSize(s) })} <span class="muted">(${escapeHtml(s.asOf)})</span>${s.quote ? ` <span class="muted">“${escapeHtml(s.quote)}”</span>` : ""}${source(s.source)}</li>`).join("")}</ul>`
    : `<p class="muted">${both({ ja: "公表されている規模なし", en: "No published size" })}</p>`;
  const shown = tokenizers.filter((t) => p.tokens[t]);
  const tokens = shown.length
    ? `<ul class="plain">${shown.map((t) => `<li><code>${escapeHtml(t)}</code> ${fmtInterval(p.tokens[t]!)}${TOKENIZER_MODELS[t] ? ` <span class="muted">${both(TOKENIZER_MODELS[t]!)}</span>` : ""}</li>`).join("")}</ul>`
    : "";
  return [
    `<details><summary>${both({ ja: "詳細（説明・利用条件・入手手順・規模・注意・出典）", en: "Details (description, terms, how to get it, sizes, warnings, sources)" })}</summary><div class="more-body">`,
    sec(
      { ja: "説明", en: "Description" },
      `<p>${both(e.description)}</p><p>${both({ ja: "公開者", en: "Publisher" })}: ${escapeHtml(e.publisher)}${e.homepage ? ` · ${link(e.homepage, "ホームページ / homepage")}` : ""}</p>` +
        (pos.reportName
          ? `<p>${both({ ja: "報告書の表記", en: "Name in the report" })}: 「${escapeHtml(pos.reportName)}」</p>`
          : ""),
    ),
    sec(
      { ja: "ライセンス・利用条件", en: "Licence and terms" },
      `<p>${e.licence.url ? link(e.licence.url, e.licence.name) : escapeHtml(e.licence.name)}${e.licence.spdx ? ` <code>${escapeHtml(e.licence.spdx)}</code>` : ""}${source(e.licence.source)}</p>` +
        (e.licence.note ? `<p class="muted">${escapeHtml(e.licence.note)}</p>` : "") +
        (e.licence.contents
          ? `<p><strong>${both({ ja: "内容の利用条件（上のライセンスは編集物のみ）", en: "Terms of the contents (the licence above covers the compilation only)" })}:</strong> ${e.licence.contents.url ? link(e.licence.contents.url, e.licence.contents.name) : escapeHtml(e.licence.contents.name)}${source(e.licence.contents.source)}</p>` +
            (e.licence.contents.note ? `<p class="muted">${escapeHtml(e.licence.contents.note)}</p>` : "")
          : "") +
        `<p><strong>${both({ ja: "商用利用", en: "Commercial use" })}:</strong> ${both(COMMERCIAL_LABELS[e.commercialUse])} — ${escapeHtml(e.terms.commercialUse.note)}${source(e.terms.commercialUse.source)}</p>` +
        `<p><strong>${both({ ja: "入手方法", en: "Access" })}:</strong> ${both(ACCESS_LABELS[e.access])} — ${escapeHtml(e.terms.access.note)}${source(e.terms.access.source)}</p>`,
    ),
    sec(
      { ja: "入手先・手順", en: "How to get it" },
      `<p>${get.join(" · ") || "—"}</p><ol>${e.acquisition.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ol>` +
        `<p>${both({ ja: "費用", en: "Cost" })}: ${e.acquisition.cost ? escapeHtml(e.acquisition.cost) : both({ ja: "なし", en: "none" })}</p>`,
    ),
    sec(
      { ja: "規模（単位付き）・推定トークン数", en: "Sizes (with units), estimated tokens" },
      `${sizes}${tokens}` +
        (p.converted
          ? `<p>${both({ ja: "換算した規模", en: "Figure converted" })}: ${escapeHtml(p.converted.size)} <span class="muted">— ${escapeHtml(p.converted.reason)}</span></p>`
          : "") +
        `<p class="muted">${both(METHOD_LABELS[p.method] ?? { ja: p.method, en: p.method })}${p.estimateNotes.length ? `: ${escapeHtml(p.estimateNotes.join("; "))}` : ""}</p>`,
    ),
    sec(
      { ja: "注意", en: "Warnings" },
      e.flags.length
        ? `<ul class="plain warn">${e.flags.map((f) => `<li><strong>⚠ ${both(FLAG_LABELS[f.code])}</strong>${f.target ? ` (<a href="#row-${escapeHtml(f.target)}">${escapeHtml(f.target)}</a>)` : ""}: ${escapeHtml(f.note)}${source(f.source)}</li>`).join("")}</ul>`
        : `<p class="muted">—</p>`,
    ),
    sec(
      { ja: "出典・確認日", en: "Sources, checked on" },
      `<ul class="plain">${e.sources.map((s) => `<li>${link(s)}</li>`).join("")}</ul><p>${both({ ja: `確認日 ${e.checkedOn} · 確度 ${e.confidence}`, en: `Checked on ${e.checkedOn} · confidence ${e.confidence}` })}</p>` +
        (e.unknowns.length
          ? `<p class="muted">${both({ ja: "未確認", en: "Not verified" })}: ${escapeHtml(e.unknowns.join("; "))}</p>`
          : ""),
    ),
    `</div></details>`,
  ].join("");
}

/** Header labels, also shown inside each card at phone width. */
const COLUMNS: { id: string; sort?: string; label: Bilingual }[] = [
  { id: "name", sort: "name", label: { ja: "名称", en: "Name" } },
  { id: "commercial", label: { ja: "商用利用", en: "Commercial use" } },
  { id: "access", label: { ja: "入手方法", en: "Access" } },
  { id: "licence", label: { ja: "ライセンス", en: "Licence" } },
  { id: "tokens", sort: "tokens", label: { ja: "推定トークン数", en: "Estimated tokens" } },
  { id: "flags", label: { ja: "注意", en: "Warnings" } },
  { id: "kind", label: { ja: "種類", en: "Kind" } },
  { id: "no", sort: "no", label: { ja: "番号", en: "List no." } },
  { id: "checked", label: { ja: "確認日", en: "Checked" } },
];

function cell(id: string, content: string, extraClass = ""): string {
  const c = COLUMNS.find((x) => x.id === id)!;
  return `<td role="cell" class="c-${id}${extraClass}" data-label-ja="${escapeHtml(c.label.ja)}" data-label-en="${escapeHtml(c.label.en)}">${content}</td>`;
}

function row(p: PublishedEntry, index: number, tokenizers: string[]): string {
  const e = p.entry;
  const pos = listPosition(e);
  const sortTokens = p.tokens[tokenizers[0] ?? ""]?.value ?? -1;
  const licence = shortLicence(e.licence.spdx ?? e.licence.name);
  const licenceText = `${escapeHtml(licence.text)}${licence.cut ? "…" : ""}`;
  const rule = USABILITY_RULES.commercial;
  const commercial = [
    `<span class="class-label">${both(COMMERCIAL_LABELS[e.commercialUse])}</span>`,
    p.usableCommercial
      ? `<span class="usable">✓ ${both({ ja: "商用学習に利用可", en: "Usable commercially" })}</span>`
      : "",
    ...p.warned.map(
      (code) =>
        `<span class="caution" title="${escapeHtml(`${rule.warning.ja}\n${rule.warning.en}`)}">⚠ ${both(FLAG_LABELS[code])}</span>`,
    ),
  ].filter(Boolean);
  return [
    `<tr role="row" id="row-${escapeHtml(e.id)}" data-id="${escapeHtml(e.id)}" data-list="${escapeHtml(pos.list)}" data-commercial="${e.commercialUse}" data-access="${e.access}" data-kind="${e.kind}" data-usable="${p.usableCommercial ? "commercial" : ""}"`,
    ` data-search="${escapeHtml(normalizeForSearch(searchableText(e)))}" data-sort-name="${escapeHtml(e.name.en.toLowerCase())}" data-sort-name-ja="${escapeHtml(e.name.ja)}" data-sort-no="${index}" data-sort-tokens="${sortTokens}">`,
    cell("name", `<span class="name">${both(e.name)}</span>`),
    cell("commercial", commercial.join(""), ` c-${e.commercialUse}`),
    cell(
      "access",
      `<span class="access-label">${both(ACCESS_LABELS[e.access])}</span>${e.acquisition.cost && e.access !== "paid" ? `<span class="muted">${both({ ja: "費用あり", en: "fee" })}</span>` : ""}`,
    ),
    cell("licence", `<span class="licence" title="${escapeHtml(e.licence.name)}">${licenceText}</span>`),
    cell("tokens", tokensCell(p, tokenizers)),
    cell("flags", flagChips(p)),
    cell("kind", `<span class="kind-label">${both(KIND_LABELS[e.kind])}</span>`),
    // The column is sized for "日本語 12": today's list is named short there, and says it is not the report's.
    cell(
      "no",
      pos.number !== null
        ? `${both(listLabel(pos.list))} ${pos.number}`
        : `${both({ ja: "現在", en: "Current" })}<span class="muted not-in-report">${both(NOT_IN_REPORT)}</span>`,
    ),
    cell(
      "checked",
      `<span class="date">${escapeHtml(e.checkedOn)}</span><a class="raw" href="${escapeHtml(entryJsonPath(e.id))}" type="application/json">JSON</a>`,
    ),
    `<td role="cell" class="c-more" colspan="${COLUMNS.length}">${details(p, tokenizers)}</td>`,
    "</tr>",
  ].join("");
}

function checkboxGroup(
  name: string,
  legend: Bilingual,
  values: readonly string[],
  labels: (v: string) => Bilingual,
): string {
  return `<fieldset><legend>${both(legend)}</legend>${values
    .map((v) => `<label><input type="checkbox" name="${name}" value="${escapeHtml(v)}"> ${both(labels(v))}</label>`)
    .join("")}</fieldset>`;
}

/** The self-contained page: no external requests, the filter state in the URL query. */
export function renderHtml(publication: Publication): string {
  const title: Bilingual = { ja: "既存コーパス一覧（学習データ）", en: "Existing corpora for LLM training" };
  const kindsPresent = KINDS.filter((k) => publication.entries.some((p) => p.entry.kind === k));
  const listsPresent = [...LISTS.filter((l) => publication.entries.some((p) => p.list === l))];
  const rule = USABILITY_RULES.commercial;
  const first = publication.tokenizers[0] ?? "";
  return `<!doctype html>
<html lang="ja" data-ui="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title.ja)} / ${escapeHtml(title.en)}</title>
<link rel="alternate" type="application/atom+xml" title="Changes / 変更履歴" href="changes.xml">
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${both(title)}</h1>
<p>${both({ ja: `確認日: ${publication.catalogDate}（スキーマ ${publication.schemaVersion}）`, en: `Facts checked on ${publication.catalogDate} (schema ${publication.schemaVersion})` })} · ${both({ ja: "ダウンロード", en: "Download" })}: <a href="corpora.csv">CSV</a> · <a href="corpora.json">JSON</a> · <a href="README.md">Markdown</a></p>
<p class="notice" role="note">${both(NOT_LEGAL_ADVICE)}</p>
<p class="calibration" data-calibration="${escapeHtml(publication.calibration?.id ?? "")}">${both(calibrationNotice(publication.calibration))}</p>
<button type="button" id="ui-switch" aria-label="日本語 / English"><span class="ja" lang="ja">English</span><span class="en" lang="en">日本語</span></button>
</header>
<main>
<section aria-labelledby="chart-title">
<h2 id="chart-title">${both({ ja: "GPT-3規模（3,000億トークン）に届くか", en: "Do the corpora reach GPT-3 scale (300 billion tokens)?" })}</h2>
${renderChart(publication)}
</section>
<section aria-labelledby="list-title">
<h2 id="list-title">${both({ ja: "一覧", en: "The list" })}</h2>
<form id="filters" onsubmit="return false">
${checkboxGroup("lang", { ja: "リスト", en: "List" }, listsPresent, listLabel)}
${checkboxGroup("commercial", { ja: "商用利用", en: "Commercial use" }, COMMERCIAL_USE, (v) => COMMERCIAL_LABELS[v as keyof typeof COMMERCIAL_LABELS])}
${checkboxGroup("access", { ja: "入手方法", en: "Access" }, ACCESS, (v) => ACCESS_LABELS[v as keyof typeof ACCESS_LABELS])}
${checkboxGroup("kind", { ja: "種類", en: "Kind" }, kindsPresent, (v) => KIND_LABELS[v as keyof typeof KIND_LABELS])}
<fieldset><legend>${both({ ja: "用途", en: "Use" })}</legend><label><input type="checkbox" name="usable" value="commercial" aria-describedby="usable-rule"> ${both({ ja: "商用学習に利用可のみ", en: "Usable for commercial training only" })}</label></fieldset>
<label class="search">${both({ ja: "検索", en: "Search" })} <input type="search" name="q" autocomplete="off" placeholder="商用可, ニュース, Wikipedia…"></label>
<button type="button" id="clear-filters">${both({ ja: "条件をクリア", en: "Clear filters" })}</button>
</form>
<p id="usable-rule" class="rule">${both({ ja: `「商用学習に利用可」とは: ${rule.descriptionJa}。`, en: `"Usable for commercial training" means: ${rule.description}.` })} ${both({ ja: "⚠ の付いた項目は利用前にライセンスを確認してください。", en: "Check the licence of entries marked ⚠ before use." })}</p>
<p id="count" aria-live="polite"></p>
<div class="table-wrap">
<table id="corpora" role="table">
<caption class="sr-only">${both(title)}</caption>
<thead role="rowgroup"><tr role="row">${COLUMNS.map(
    (c) =>
      `<th role="columnheader" scope="col" class="h-${c.id}"${c.sort ? ` data-sort="${c.sort}" aria-sort="none"` : ""}>${c.sort ? `<button type="button">${both(c.label)}</button>` : both(c.label)}${
        c.id === "tokens" && first
          ? `<br><span class="muted" title="${escapeHtml(TOKENIZER_MODELS[first]?.en ?? first)}">${escapeHtml(first)}${first === "r50k_base" ? ` ${both({ ja: "（GPT-3）", en: "(GPT-3)" })}` : ""}</span>`
          : ""
      }</th>`,
  ).join("")}</tr></thead>
<tbody role="rowgroup">
${publication.entries.map((p, i) => row(p, i, publication.tokenizers)).join("\n")}
</tbody>
</table>
</div>
</section>
${renderChecksSection(publication.report)}
</main>
<footer><p>${both({ ja: "corpus-census により生成。各項目の出典と確認日を表示しています。", en: "Generated by corpus-census. Every entry shows its sources and the date they were checked." })} <a href="changes.html">${both({ ja: "変更履歴", en: "Changes" })}</a> · <a href="changes.xml" type="application/atom+xml">Atom</a></p><p class="notice">${both(NOT_LEGAL_ADVICE)}</p></footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// The table's columns: decision columns first, each at least as wide as its longest word.
const COLS = "minmax(8.5rem,2fr) 11.5rem 9rem minmax(8.5rem,1.1fr) 7rem minmax(12rem,1.7fr) 8.7rem 6rem 6rem";
// Below this width the columns no longer fit: every row becomes a card.
const CARDS = "(max-width:1279px)";

const CSS = `
:root{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;color:#1b1b1b;background:#fff;line-height:1.45}
body{margin:0 auto;max-width:1600px;padding:0 .75rem}
html[data-ui=ja] .en,html[data-ui=en] .ja{display:none}
h1{font-size:1.5rem;margin:.8rem 0 .3rem}h2{font-size:1.2rem;margin:1.2rem 0 .5rem}
.notice{background:#fff4e5;border-left:4px solid #e08a00;padding:.4rem .6rem}
.muted{color:#555;font-size:.85em}
#ui-switch{font:inherit;padding:.3rem .8rem;cursor:pointer}
fieldset{display:inline-block;vertical-align:top;border:1px solid #ccc;margin:.2rem;padding:.3rem .5rem;max-width:100%;box-sizing:border-box}
fieldset label{display:inline-block;margin-right:.6rem;white-space:nowrap}
.search input{font:inherit;padding:.2rem;min-width:14rem;max-width:100%;box-sizing:border-box}
.rule{font-size:.85rem;color:#333;margin:.4rem 0}
a{color:#0645ad}
:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
/* The chart: HTML bars on one linear scale; value labels in their own column. */
.chart{margin:0;max-width:1100px}
.chart-ref,.bar-row{display:grid;grid-template-columns:19rem minmax(0,1fr) 10.5rem;column-gap:.6rem;align-items:center;margin:.1rem 0}
.chart-ref{height:1.4rem}
.track{position:relative;display:block;height:1.1rem}
.chart-ref .track{height:1.4rem}
.bar{position:absolute;left:0;top:.15rem;height:.8rem;display:block}
.bar-upper{opacity:.4}
.whisker{position:absolute;top:.5rem;height:0;border-top:2px solid #000;display:block}
.gpt3-mark{position:absolute;left:var(--gpt3);top:-.2rem;bottom:-.2rem;width:0;border-left:2px dashed #c62828;display:block}
.gpt3-label{position:absolute;top:0;white-space:nowrap;color:#c62828;font-size:.85rem;font-weight:bold}
.bar-name{font-size:.85rem}
.bar-value{font-size:.85rem;white-space:nowrap}
.floor{display:block;color:#333;font-size:.8rem}
.chart-group{margin:.3rem 0 .6rem}
.chart-group-title{margin:.4rem 0 .1rem}
.caveats{font-size:.85rem;margin:.4rem 0;padding-left:1.2rem}
.checks-wrap{max-width:100%;overflow-x:auto}
table.checks{border-collapse:collapse;font-size:.85rem;margin:.4rem 0}
table.checks th,table.checks td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
.caveats li{margin:.15rem 0}
@media (max-width:640px){
.chart-ref,.bar-row{grid-template-columns:minmax(0,1fr) 7.6rem;row-gap:0}
.bar-value .range{display:block}
.chart-spacer:first-child{display:none}
.bar-name{grid-column:1/-1}
.bar-value{white-space:normal}
}
/* The table: one grid row per entry, its details underneath, spanning the row. */
#corpora{display:block;border-collapse:collapse;width:100%;font-size:.875rem}
#corpora thead,#corpora tbody{display:block}
#corpora thead{position:sticky;top:0;z-index:2;background:#f3f3f3;border-bottom:2px solid #999}
#corpora tr{display:grid;grid-template-columns:${COLS};border-bottom:1px solid #ccc}
#corpora tr[hidden]{display:none}
#corpora th,#corpora td{display:block;padding:.3rem .4rem;text-align:left;vertical-align:top;min-width:0;overflow-wrap:normal;word-break:normal}
#corpora th{font-weight:bold}
#corpora td+td{border-left:1px solid #eee}
#corpora td.c-more{grid-column:1/-1;border-left:0;padding-top:0}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;text-align:left;color:inherit}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.name{font-weight:600}
.class-label,.access-label{display:block;word-break:keep-all}
.usable,.caution{display:block;font-size:.8rem;margin-top:.1rem}
.usable{color:#1b5e20}
.caution{color:#8a3b00;word-break:keep-all}
.c-allowed,.c-allowed-with-conditions{background:#eaf7ea}.c-non-commercial,.c-research-only{background:#fdf0f0}
.licence{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.kind-label{word-break:keep-all}.c-no{white-space:nowrap}.c-no .not-in-report{display:block;white-space:normal}
.chip{display:inline-block;white-space:nowrap;font-size:.75rem;background:#fff4e5;border:1px solid #f0c27a;border-radius:3px;padding:0 .25rem;margin:0 .1rem .15rem 0;color:#6b3000}
.chip-serious{background:#fdecea;border-color:#e6a0a0;color:#8b1a1a}
.c-checked .date{display:block;font-variant-numeric:tabular-nums}
.c-checked .raw{font-size:.8rem}
details summary{cursor:pointer;font-size:.8rem;color:#0645ad}
.more-body{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:.3rem 1.2rem;padding:.3rem 0 .6rem;overflow-wrap:anywhere}
.more-body p{margin:.2rem 0}.more-body ol{margin:.2rem 0;padding-left:1.3rem}
.sec{font-weight:bold;margin:.3rem 0 .1rem}
ul.plain{list-style:none;margin:0;padding:0}ul.warn li{color:#6b3000;margin-bottom:.2rem}
@media ${CARDS}{
#corpora thead tr{display:flex;flex-wrap:wrap;gap:.3rem .9rem;align-items:center;padding:.3rem .4rem}
#corpora thead th{display:none;padding:0}
#corpora thead th[data-sort]{display:block}
#corpora thead th br,#corpora thead th .muted{display:none}
html[data-ui=ja] #corpora thead tr::before{content:"並べ替え:"}html[data-ui=en] #corpora thead tr::before{content:"Sort by:"}
#corpora tbody tr{grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));border:1px solid #bbb;border-radius:6px;margin:.6rem 0;padding:.2rem}
#corpora td+td{border-left:0}
#corpora td.c-name,#corpora td.c-flags{grid-column:1/-1}
html[data-ui=ja] #corpora tbody td:not(.c-more):not(.c-name)::before{content:attr(data-label-ja)}
html[data-ui=en] #corpora tbody td:not(.c-more):not(.c-name)::before{content:attr(data-label-en)}
#corpora tbody td::before{display:block;font-size:.72rem;color:#555;font-weight:normal}
.name{font-size:1rem}
.more-body{grid-template-columns:minmax(0,1fr)}
}
@media (max-width:640px){fieldset{display:block}.search input{min-width:0;width:12rem}}
`;

// Filters live in the URL query so a filtered view can be shared as a link. The search compares
// text as the CLI does (NFKC, lower case, every word a substring), over the same searchable text.
const SCRIPT = `
(function(){
var form=document.getElementById('filters');var rows=[].slice.call(document.querySelectorAll('#corpora tbody tr'));
var groups=['lang','commercial','access','kind','usable'];
var attr={lang:'list',commercial:'commercial',access:'access',kind:'kind',usable:'usable'};
var sortKey=null,sortDir=1;
function norm(s){return (s.normalize?s.normalize('NFKC'):s).toLowerCase();}
function readQuery(){var q=new URLSearchParams(location.search);
 groups.forEach(function(g){var vals=(q.get(g)||'').split(',').filter(Boolean);
  [].forEach.call(form.querySelectorAll('input[name='+g+']'),function(b){b.checked=vals.indexOf(b.value)>=0;});});
 form.q.value=q.get('q')||'';
 var ui=q.get('ui');if(ui==='en'||ui==='ja')document.documentElement.setAttribute('data-ui',ui);
 var s=q.get('sort');if(s){sortDir=s.charAt(0)==='-'?-1:1;sortKey=s.replace(/^-/,'');}}
function selected(g){return [].map.call(form.querySelectorAll('input[name='+g+']:checked'),function(b){return b.value;});}
function writeQuery(){var q=new URLSearchParams();groups.forEach(function(g){var v=selected(g);if(v.length)q.set(g,v.join(','));});
 if(form.q.value.trim())q.set('q',form.q.value.trim());
 var ui=document.documentElement.getAttribute('data-ui');if(ui==='en')q.set('ui','en');
 if(sortKey)q.set('sort',(sortDir<0?'-':'')+sortKey);
 var s=q.toString();history.replaceState(null,'',location.pathname+(s?'?'+s:''));}
function apply(){var shown=0;var words=norm(form.q.value).split(/\\s+/).filter(Boolean);
 var sel={};groups.forEach(function(g){sel[g]=selected(g);});
 rows.forEach(function(r){var ok=groups.every(function(g){return !sel[g].length||sel[g].indexOf(r.getAttribute('data-'+attr[g]))>=0;})
  &&words.every(function(w){return r.getAttribute('data-search').indexOf(w)>=0;});
  r.hidden=!ok;if(ok)shown++;});
 var ja=document.documentElement.getAttribute('data-ui')!=='en';
 document.getElementById('count').textContent=ja?(rows.length+'件中 '+shown+'件を表示'):(shown+' of '+rows.length+' sources shown');}
function sort(){if(!sortKey)return;var body=document.querySelector('#corpora tbody');
 var ja=document.documentElement.getAttribute('data-ui')!=='en';
 var key=sortKey==='name'&&ja?'name-ja':sortKey;var num=sortKey!=='name';
 rows.sort(function(a,b){var x=a.getAttribute('data-sort-'+key),y=b.getAttribute('data-sort-'+key);
  var c=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y,ja?'ja':'en');return c*sortDir;});
 rows.forEach(function(r){body.appendChild(r);});
 [].forEach.call(document.querySelectorAll('th[data-sort]'),function(th){th.setAttribute('aria-sort',th.getAttribute('data-sort')===sortKey?(sortDir>0?'ascending':'descending'):'none');});}
form.addEventListener('change',function(){apply();writeQuery();});
form.q.addEventListener('input',function(){apply();writeQuery();});
document.getElementById('clear-filters').addEventListener('click',function(){form.reset();apply();writeQuery();});
document.getElementById('ui-switch').addEventListener('click',function(){var h=document.documentElement;
 var next=h.getAttribute('data-ui')==='en'?'ja':'en';h.setAttribute('data-ui',next);h.setAttribute('lang',next);sort();apply();writeQuery();});
[].forEach.call(document.querySelectorAll('th[data-sort] button'),function(b){b.addEventListener('click',function(){
 var k=b.parentNode.getAttribute('data-sort');if(sortKey===k)sortDir=-sortDir;else{sortKey=k;sortDir=1;}sort();writeQuery();});});
readQuery();document.documentElement.setAttribute('lang',document.documentElement.getAttribute('data-ui'));sort();apply();
})();
`;
