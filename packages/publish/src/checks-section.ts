import { formatTokens, type PublisherCheckResult, type Report } from "@corpus-census/estimate";
import { bothSpans as both, escapeHtml } from "./html-text.js";
import { formatRange, pagePercent } from "./chart.js";

const UNIT: Record<string, { ja: string; en: string }> = {
  tokens: { ja: "トークン", en: "tokens" },
  words: { ja: "語", en: "words" },
  "short-unit-words": { ja: "短単位", en: "short-unit words" },
  characters: { ja: "文字", en: "characters" },
  "bytes-uncompressed": { ja: "バイト（UTF-8）", en: "UTF-8 bytes" },
};

const figure = (value: number, unit: string) =>
  `${escapeHtml(formatTokens(value))} ${both(UNIT[unit] ?? { ja: unit, en: unit })}`;
const measuredAs = (as: string) =>
  as.startsWith("unit:")
    ? both({ ja: "形態素（kuromoji）", en: "morphemes (kuromoji)" })
    : `<code>${escapeHtml(as)}</code>`;

function checkRow(r: PublisherCheckResult): string {
  const c = r.check;
  const published = `${figure(c.published.value, c.published.unit)}<br><span class="muted">${escapeHtml(c.published.tokenizer ?? c.published.segmenter ?? "")}</span>`;
  const predicted = r.predicted
    ? `${escapeHtml(formatTokens(r.predicted.value))} <span class="muted">(${escapeHtml(formatRange(r.predicted.low, r.predicted.high))})</span>`
    : `<span class="muted">${escapeHtml(r.reason ?? "—")}</span>`;
  const verdict =
    r.within === undefined
      ? "—"
      : r.within
        ? both({ ja: "区間内", en: "inside" })
        : `<strong>${both({ ja: "区間外", en: "outside" })}</strong>`;
  const sources = [...new Set([c.from.source, c.published.source])]
    .map((u, i) => `<a href="${escapeHtml(u)}" rel="noopener">[${i + 1}]</a>`)
    .join(" ");
  return `<tr data-check="${escapeHtml(c.id)}"><td>${escapeHtml(c.corpus)} ${sources}</td><td>${figure(c.from.value, c.from.unit)} → ${measuredAs(c.measuredAs)}</td><td>${predicted}</td><td>${published}</td><td>${r.ratio === undefined ? "—" : r.ratio.toFixed(3)}</td><td>${verdict}</td></tr>`;
}

/** The page's account of its own error: what the intervals cover, how they fared left out, and the makers' own figures. */
export function renderChecksSection(report: Report): string {
  const { check } = report.uncertainty;
  const loo = check
    ? `<div class="checks-wrap"><table class="checks"><thead><tr><th>${both({ ja: "言語", en: "Language" })}</th><th>${both({ ja: "ファイル数", en: "Files" })}</th><th>${both({ ja: "予測の数", en: "Predictions" })}</th><th>${both({ ja: "区間が実数を含んだ割合", en: "Held the exact count" })}</th><th>${both({ ja: "区間の平均半幅", en: "Mean half-width" })}</th></tr></thead><tbody>${check.byLanguage
        .map(
          (l) =>
            `<tr><td>${l.lang}</td><td>${l.files}</td><td>${l.predictions}</td><td>${pagePercent(l.coverage)}</td><td>±${pagePercent(l.meanRelativeHalfWidth)}</td></tr>`,
        )
        .join("")}</tbody></table></div>`
    : "";
  const publisher = report.publisherChecks.length
    ? `<h3>${both({ ja: "公表者自身の数値との照合", en: "Checks against what the makers published" })}</h3><p>${both({
        ja: "同じテキストについて2つの単位を公表しているコーパスでは、一方を census で換算し、もう一方と比べます。区間外のものも隠さず示します。",
        en: "Where a corpus's maker published two units of the same text, census converts one and holds the result against the other. Checks outside the interval are shown, not hidden.",
      })}</p><div class="checks-wrap"><table class="checks"><thead><tr><th>${both({ ja: "コーパス", en: "Corpus" })}</th><th>${both({ ja: "換算", en: "Converted" })}</th><th>${both({ ja: "census の予測（95%区間）", en: "census's prediction (95% interval)" })}</th><th>${both({ ja: "公表値", en: "Published" })}</th><th>${both({ ja: "公表値 ÷ 予測", en: "Published ÷ census" })}</th><th>${both({ ja: "区間内か", en: "Inside?" })}</th></tr></thead><tbody>${report.publisherChecks.map(checkRow).join("")}</tbody></table></div>`
    : "";
  return `<section aria-labelledby="checks-title">
<h2 id="checks-title">${both({ ja: "推定はどこまで外れうるか", en: "How far the estimates can be off" })}</h2>
<p>${both({ ja: "較正用ファイルを1つずつ除き、残りのファイルから予測した 95% 区間が、除いたファイルの実際のトークン数を含んだ割合:", en: "Each calibration file left out in turn and predicted from the others: how often the 95% interval held its exact token count:" })}</p>
${loo}
${publisher}
</section>`;
}
