import { ACCESS, COMMERCIAL_USE, KINDS, LISTS } from "@corpus-census/catalog";
import { formatTokens, type Interval } from "@corpus-census/estimate";
import { ACCESS_LABELS, COMMERCIAL_LABELS, FLAG_LABELS, KIND_LABELS, LIST_LABELS, NOT_LEGAL_ADVICE, calibrationNotice, type Bilingual } from "./labels.js";
import type { Publication, PublishedEntry } from "./model.js";
import { renderChart } from "./chart.js";

/** Every catalog string goes through here before it reaches the page. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A link only for http(s) URLs; anything else is shown as text. */
function link(url: string | null | undefined, text?: string): string {
  if (!url) return "";
  const label = escapeHtml(text ?? url);
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${label}</a>` : label;
}

const both = (b: Bilingual) => `<span class="ja" lang="ja">${escapeHtml(b.ja)}</span><span class="en" lang="en">${escapeHtml(b.en)}</span>`;

function tokensCell(p: PublishedEntry, tokenizers: string[]): string {
  const shown = tokenizers.filter((t) => p.tokens[t]);
  if (shown.length === 0) return `<span class="muted">—</span>`;
  const fmt = (i: Interval) => `${formatTokens(i.value)} <span class="muted">(${formatTokens(i.low)}–${formatTokens(i.high)})</span>`;
  return `<ul class="plain">${shown.map((t) => `<li><code>${escapeHtml(t)}</code> ${fmt(p.tokens[t]!)}</li>`).join("")}</ul><span class="muted">${escapeHtml(p.method)}</span>`;
}

function row(p: PublishedEntry, tokenizers: string[]): string {
  const e = p.entry;
  const search = [e.id, e.report.name, e.name.ja, e.name.en, e.publisher, e.description.ja, e.description.en, e.licence.name].join(" ").toLowerCase();
  const get = [
    e.acquisition.huggingFace ? link(`https://huggingface.co/datasets/${e.acquisition.huggingFace}`, `hf:${e.acquisition.huggingFace}`) : "",
    link(e.acquisition.url),
  ].filter(Boolean);
  const sortTokens = p.tokens[tokenizers[0] ?? ""]?.value ?? -1;
  return [
    `<tr data-id="${escapeHtml(e.id)}" data-list="${e.report.list}" data-commercial="${e.commercialUse}" data-access="${e.access}" data-kind="${e.kind}" data-usable="${p.usableCommercial ? "commercial" : ""}" data-search="${escapeHtml(search)}"`,
    ` data-sort-name="${escapeHtml(e.name.en.toLowerCase())}" data-sort-no="${["ja", "en", "other"].indexOf(e.report.list) * 1000 + e.report.number}" data-sort-tokens="${sortTokens}">`,
    `<td><span class="ja" lang="ja">${escapeHtml(e.name.ja)}</span><span class="en" lang="en">${escapeHtml(e.name.en)}</span><br><span class="muted">${escapeHtml(e.publisher)}</span>${link(e.homepage, "↗")}</td>`,
    `<td>${both(LIST_LABELS[e.report.list]!)} ${e.report.number}<br><span class="muted">${escapeHtml(e.report.name)}</span></td>`,
    `<td>${both(KIND_LABELS[e.kind])}</td>`,
    `<td>${e.licence.url ? link(e.licence.url, e.licence.spdx ?? e.licence.name) : escapeHtml(e.licence.spdx ?? e.licence.name)}${e.licence.note ? `<br><span class="muted">${escapeHtml(e.licence.note)}</span>` : ""}</td>`,
    `<td class="c-${e.commercialUse}">${both(COMMERCIAL_LABELS[e.commercialUse])}${p.usableCommercial ? `<br><strong>${both({ ja: "商用学習に利用可", en: "Usable for commercial training" })}</strong>` : ""}</td>`,
    `<td>${both(ACCESS_LABELS[e.access])}${e.acquisition.cost ? `<br><span class="muted">${escapeHtml(e.acquisition.cost)}</span>` : ""}</td>`,
    `<td>${get.join("<br>") || "—"}<details><summary>${both({ ja: "手順", en: "Steps" })}</summary><ol>${e.acquisition.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ol></details></td>`,
    `<td>${p.sizeTexts.length ? `<ul class="plain">${p.sizeTexts.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>` : "—"}</td>`,
    `<td>${tokensCell(p, tokenizers)}</td>`,
    `<td>${e.flags.length ? `<ul class="plain warn">${e.flags.map((f) => `<li><strong>⚠ ${both(FLAG_LABELS[f.code])}</strong>${f.target ? ` (${escapeHtml(f.target)})` : ""}: ${escapeHtml(f.note)}</li>`).join("")}</ul>` : "—"}</td>`,
    `<td><details><summary>${e.sources.length} ${both({ ja: "件", en: "sources" })}</summary><ul class="plain">${e.sources.map((s) => `<li>${link(s)}</li>`).join("")}</ul></details><span class="muted">${escapeHtml(e.checkedOn)} · ${escapeHtml(e.confidence)}</span></td>`,
    "</tr>",
  ].join("");
}

function checkboxGroup(name: string, legend: Bilingual, values: readonly string[], labels: Record<string, Bilingual>): string {
  return `<fieldset><legend>${both(legend)}</legend>${values
    .map((v) => `<label><input type="checkbox" name="${name}" value="${escapeHtml(v)}"> ${both(labels[v]!)}</label>`)
    .join("")}</fieldset>`;
}

const COLUMNS: { key?: string; label: Bilingual }[] = [
  { key: "name", label: { ja: "名称", en: "Name" } },
  { key: "no", label: { ja: "リスト・番号", en: "List and no." } },
  { label: { ja: "種類", en: "Kind" } },
  { label: { ja: "ライセンス", en: "Licence" } },
  { label: { ja: "商用利用", en: "Commercial use" } },
  { label: { ja: "入手方法", en: "Access" } },
  { label: { ja: "入手先", en: "How to get it" } },
  { label: { ja: "規模（単位付き）", en: "Sizes (with units)" } },
  { key: "tokens", label: { ja: "推定トークン数", en: "Estimated tokens" } },
  { label: { ja: "注意", en: "Warnings" } },
  { label: { ja: "出典・確認日", en: "Sources, checked on" } },
];

/** The self-contained page: no external requests, the filter state in the URL query. */
export function renderHtml(publication: Publication): string {
  const title: Bilingual = { ja: "既存コーパス一覧（学習データ）", en: "Existing corpora for LLM training" };
  const kindsPresent = KINDS.filter((k) => publication.entries.some((p) => p.entry.kind === k));
  return `<!doctype html>
<html lang="ja" data-ui="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title.ja)} / ${escapeHtml(title.en)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${both(title)}</h1>
<p>${both({ ja: `確認日: ${publication.catalogDate}（スキーマ ${publication.schemaVersion}）`, en: `Facts checked on ${publication.catalogDate} (schema ${publication.schemaVersion})` })}</p>
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
${checkboxGroup("lang", { ja: "リスト", en: "List" }, LISTS, LIST_LABELS)}
${checkboxGroup("commercial", { ja: "商用利用", en: "Commercial use" }, COMMERCIAL_USE, COMMERCIAL_LABELS)}
${checkboxGroup("access", { ja: "入手方法", en: "Access" }, ACCESS, ACCESS_LABELS)}
${checkboxGroup("kind", { ja: "種類", en: "Kind" }, kindsPresent, KIND_LABELS)}
<fieldset><legend>${both({ ja: "用途", en: "Use" })}</legend><label><input type="checkbox" name="usable" value="commercial"> ${both({ ja: "商用学習に利用可のみ", en: "Usable for commercial training only" })}</label></fieldset>
<label class="search">${both({ ja: "検索", en: "Search" })} <input type="search" name="q" autocomplete="off"></label>
<button type="button" id="clear-filters">${both({ ja: "条件をクリア", en: "Clear filters" })}</button>
</form>
<p id="count" aria-live="polite"></p>
<div class="table-wrap">
<table id="corpora">
<caption class="sr-only">${both(title)}</caption>
<thead><tr>${COLUMNS.map((c) => `<th scope="col"${c.key ? ` data-sort="${c.key}" aria-sort="none"` : ""}>${c.key ? `<button type="button">${both(c.label)}</button>` : both(c.label)}</th>`).join("")}</tr></thead>
<tbody>
${publication.entries.map((p) => row(p, publication.tokenizers)).join("\n")}
</tbody>
</table>
</div>
</section>
</main>
<footer><p>${both({ ja: "corpus-census により生成。各項目の出典と確認日を表示しています。", en: "Generated by corpus-census. Every entry shows its sources and the date they were checked." })}</p><p class="notice">${both(NOT_LEGAL_ADVICE)}</p></footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = `
:root{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;color:#1b1b1b;background:#fff;line-height:1.45}
body{margin:0 auto;max-width:1600px;padding:0 1rem}
html[data-ui=ja] .en,html[data-ui=en] .ja{display:none}
h1{font-size:1.5rem;margin:.8rem 0 .3rem}h2{font-size:1.2rem;margin:1.2rem 0 .5rem}
.notice{background:#fff4e5;border-left:4px solid #e08a00;padding:.4rem .6rem}
.muted{color:#555;font-size:.85em}
#ui-switch,#reset{font:inherit;padding:.3rem .8rem;cursor:pointer}
fieldset{display:inline-block;vertical-align:top;border:1px solid #ccc;margin:.2rem;padding:.3rem .5rem;max-width:100%}
fieldset label{display:inline-block;margin-right:.6rem;white-space:nowrap}
.search input{font:inherit;padding:.2rem;min-width:14rem}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.3rem .4rem;vertical-align:top;text-align:left}
thead th{position:sticky;top:0;background:#f3f3f3}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;text-align:left}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
ul.plain{list-style:none;margin:0;padding:0}ul.warn li{color:#8a3b00}
.c-allowed,.c-allowed-with-conditions{background:#eaf7ea}.c-non-commercial,.c-research-only{background:#fdf0f0}
tr[hidden]{display:none}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
a{color:#0645ad}
:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.chart{max-width:900px;width:100%;height:auto}
@media (max-width:700px){body{padding:0 .4rem}fieldset{display:block}table{font-size:.78rem}td,th{padding:.2rem}}
`;

// Filters live in the URL query so a filtered view can be shared as a link.
const SCRIPT = `
(function(){
var form=document.getElementById('filters');var rows=[].slice.call(document.querySelectorAll('#corpora tbody tr'));
var groups=['lang','commercial','access','kind','usable'];
var attr={lang:'list',commercial:'commercial',access:'access',kind:'kind',usable:'usable'};
var sortKey=null,sortDir=1;
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
function apply(){var shown=0;var words=form.q.value.toLowerCase().split(/\\s+/).filter(Boolean);
 var sel={};groups.forEach(function(g){sel[g]=selected(g);});
 rows.forEach(function(r){var ok=groups.every(function(g){return !sel[g].length||sel[g].indexOf(r.getAttribute('data-'+attr[g]))>=0;})
  &&words.every(function(w){return r.getAttribute('data-search').indexOf(w)>=0;});
  r.hidden=!ok;if(ok)shown++;});
 var ja=document.documentElement.getAttribute('data-ui')!=='en';
 document.getElementById('count').textContent=ja?(rows.length+'件中 '+shown+'件を表示'):(shown+' of '+rows.length+' sources shown');}
function sort(){if(!sortKey)return;var body=document.querySelector('#corpora tbody');
 var num=sortKey!=='name';rows.sort(function(a,b){var x=a.getAttribute('data-sort-'+sortKey),y=b.getAttribute('data-sort-'+sortKey);
  var c=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y);return c*sortDir;});
 rows.forEach(function(r){body.appendChild(r);});
 [].forEach.call(document.querySelectorAll('th[data-sort]'),function(th){th.setAttribute('aria-sort',th.getAttribute('data-sort')===sortKey?(sortDir>0?'ascending':'descending'):'none');});}
form.addEventListener('change',function(){apply();writeQuery();});
form.q.addEventListener('input',function(){apply();writeQuery();});
document.getElementById('clear-filters').addEventListener('click',function(){form.reset();apply();writeQuery();});
document.getElementById('ui-switch').addEventListener('click',function(){var h=document.documentElement;
 var next=h.getAttribute('data-ui')==='en'?'ja':'en';h.setAttribute('data-ui',next);h.setAttribute('lang',next);apply();writeQuery();});
[].forEach.call(document.querySelectorAll('th[data-sort] button'),function(b){b.addEventListener('click',function(){
 var k=b.parentNode.getAttribute('data-sort');if(sortKey===k)sortDir=-sortDir;else{sortKey=k;sortDir=1;}sort();writeQuery();});});
readQuery();document.documentElement.setAttribute('lang',document.documentElement.getAttribute('data-ui'));sort();apply();
})();
`;
