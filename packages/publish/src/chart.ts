import { formatTokens, type Interval, type ListTotal, type Uncertainty } from "@corpus-census/estimate";
import type { Bilingual } from "./labels.js";
import { bothSpans as both, escapeHtml as esc } from "./html-text.js";
import { TOKENIZER_MODELS, type Publication } from "./model.js";

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** "532–546 B" rather than "532 B–546 B" when both ends have the same scale. */
export function formatRange(low: number, high: number): string {
  const [a, b] = [formatTokens(low), formatTokens(high)];
  const unit = / [BM]$/.exec(a)?.[0];
  return unit && b.endsWith(unit) ? `${a.slice(0, -unit.length)}–${b}` : `${a}–${b}`;
}

/** A total that lacks entries another tokenizer has says which, rather than look comparable. */
function missingNote(v: Pick<ListTotal, "missing"> | Interval): string {
  const missing = "missing" in v ? v.missing : [];
  return missing.length
    ? `<span class="missing">${both({ ja: `（${missing.join(", ")} を除く）`, en: `(without ${missing.join(", ")})` })}</span>`
    : "";
}

type GroupKey = "ja" | "en" | "usable" | "current" | "current-usable";

/**
 * Token totals against GPT-3's 300 billion, as HTML bars: the text is page text (legible at
 * any width, read by screen readers), the value labels sit in a column of their own (never on
 * the GPT-3 line), and the caveats the Markdown report gives are printed under the bars.
 */
export function renderChart(publication: Publication): string {
  const { report, overlap } = publication;
  const gpt3 = report.references.gpt3?.tokens ?? 300e9;
  const groups: { key: GroupKey; label: Bilingual }[] = [
    { key: "ja", label: { ja: "日本語リスト", en: "Japanese list" } },
    { key: "en", label: { ja: "英語リスト", en: "English list" } },
    { key: "usable", label: { ja: "商用学習に利用可", en: "Usable for commercial training" } },
    // Today's corpora (not in the report).
    { key: "current", label: { ja: "現在のコーパス（報告書外）", en: "Current list (not in the report)" } },
    { key: "current-usable", label: { ja: "現在・商用学習に利用可", en: "Current, usable for commercial training" } },
  ];
  const currentTotals = (g: "current" | "current-usable") =>
    g === "current" ? report.lists.current : report.lists.current.usable;
  const series = [
    {
      id: "heuristic",
      label: { ja: "報告書の換算", en: "The report's heuristic" },
      note: { ja: "語数×0.5・×4/3", en: "words × 0.5 / × 4/3" },
      color: "#8d8d8d",
    },
    ...report.tokenizers.map((t, i) => ({
      id: t,
      label: { ja: `実測推定 ${t}`, en: `Measured, ${t}` },
      note: TOKENIZER_MODELS[t] ?? { ja: "", en: "" },
      color: ["#1f5fa8", "#c25e00", "#2e7d32", "#7b1fa2"][i % 4]!,
    })),
  ];
  const value = (g: GroupKey, s: string): Interval | undefined => {
    if (g === "current" || g === "current-usable") {
      // The bar is the plain sum (an upper bound); the overlap-aware total is its floor.
      const totals = currentTotals(g);
      return s === "heuristic" || totals.entries.length === 0 ? undefined : totals.upperBound[s];
    }
    if (s !== "heuristic") return report.lists[g].estimates[s];
    const tokens = report.lists[g].heuristic.tokens;
    return { value: tokens, low: tokens, high: tokens };
  };
  let max = gpt3;
  for (const g of groups) for (const s of series) max = Math.max(max, value(g.key, s.id)?.high ?? 0);
  max *= 1.04;
  const x = (v: number) => Math.min(1, Math.max(0, v / max));
  const line = x(gpt3);
  // The GPT-3 label goes beside its line, on the side with room, never across it.
  const labelSide = line <= 0.6 ? `left:calc(${pct(line)} + 6px)` : `right:calc(${pct(1 - line)} + 6px)`;
  const out: string[] = [];
  out.push(`<figure class="chart" style="--gpt3:${pct(line)}" aria-describedby="chart-caveats">`);
  out.push(
    `<div class="chart-ref"><span class="chart-spacer"></span><span class="track"><span class="gpt3-mark"></span><span class="gpt3-label" style="${labelSide}">${both({ ja: `GPT-3: ${formatTokens(gpt3)}`, en: `GPT-3: ${formatTokens(gpt3)}` })}</span></span><span class="chart-spacer"></span></div>`,
  );
  for (const g of groups) {
    const n =
      g.key === "current"
        ? report.lists.current.entries.length + report.lists.current.excluded.length
        : g.key === "current-usable"
          ? report.lists.current.usable.entries.length
          : report.lists[g.key].entries.length + report.lists[g.key].excluded.length;
    if ((g.key === "current" || g.key === "current-usable") && n === 0) continue;
    out.push(
      `<div class="chart-group" data-group="${g.key}"><p class="chart-group-title"><strong>${both(g.label)}</strong> <span class="muted">${both({ ja: `（${n}件）`, en: `(${n} entries)` })}</span></p>`,
    );
    for (const s of series) {
      const v = value(g.key, s.id);
      if (!v) continue;
      const floor =
        s.id === "heuristic"
          ? undefined
          : g.key === "current" || g.key === "current-usable"
            ? currentTotals(g.key).estimates[s.id]
            : overlap[g.key].floor[s.id];
      const showFloor = floor !== undefined && floor.value < v.value * 0.995;
      const interval = v.low !== v.high ? ` <span class="muted range">${esc(formatRange(v.low, v.high))}</span>` : "";
      out.push(
        `<div class="bar-row" data-series="${esc(s.id)}">` +
          `<span class="bar-name">${both(s.label)}${s.note.ja ? ` <span class="muted">${both(s.note)}</span>` : ""}</span>` +
          `<span class="track"><span class="bar${showFloor ? " bar-upper" : ""}" style="width:${pct(x(v.value))};background:${s.color}"></span>` +
          (showFloor ? `<span class="bar" style="width:${pct(x(floor!.value))};background:${s.color}"></span>` : "") +
          (v.low !== v.high
            ? `<span class="whisker" style="left:${pct(x(v.low))};width:${pct(x(v.high) - x(v.low))}"></span>`
            : "") +
          `<span class="gpt3-mark"></span></span>` +
          `<span class="bar-value"><strong>${esc(formatTokens(v.value))}</strong>${interval}${missingNote(v)}${
            showFloor
              ? `<span class="floor">${both({ ja: `重複除外 ≥ ${formatTokens(floor!.value)}`, en: `distinct ≥ ${formatTokens(floor!.value)}` })}</span>`
              : ""
          }</span></div>`,
      );
    }
    out.push(`</div>`);
  }
  out.push(
    `<figcaption id="chart-caveats"><p class="chart-caveats-title"><strong>${both({ ja: "この図の読み方と注意", en: "How to read this chart, and its caveats" })}</strong></p><ul class="caveats">`,
  );
  for (const c of caveats(publication)) out.push(`<li>${both(c)}</li>`);
  out.push(`</ul></figcaption></figure>`);
  return out.join("\n");
}

/** A share as the page writes it: 0.929 → "93%". */
export const pagePercent = (x: number) => `${(100 * x).toFixed(0)}%`;

/** What the black lines cover and what they do not, with how they fared on calibration files left out. */
function intervalCaveat(uncertainty: Uncertainty): Bilingual {
  const check = uncertainty.check;
  if (!check) {
    return {
      ja: "この較正にはファイルごとの集計がないため、黒線の 95% 区間は較正用文書の標本誤差だけを表し、コーパスと較正用テキストの違いは含みません。",
      en: uncertainty.covers,
    };
  }
  const held = (lang: "ja" | "en") => check.byLanguage.find((l) => l.lang === lang);
  const ja = held("ja");
  const en = held("en");
  const jaCheck = [
    ja && `日本語 ${ja.files} ファイルで ${pagePercent(ja.coverage)}（平均 ±${pagePercent(ja.meanRelativeHalfWidth)}）`,
    en && `英語 ${en.files} ファイルで ${pagePercent(en.coverage)}（平均 ±${pagePercent(en.meanRelativeHalfWidth)}）`,
  ]
    .filter(Boolean)
    .join("、");
  const enCheck = [
    ja &&
      `${pagePercent(ja.coverage)} of predictions for ${ja.files} Japanese files (mean ±${pagePercent(ja.meanRelativeHalfWidth)})`,
    en && `${pagePercent(en.coverage)} for ${en.files} English files (mean ±${pagePercent(en.meanRelativeHalfWidth)})`,
  ]
    .filter(Boolean)
    .join(" and ");
  return {
    ja: `公表サイズ（文字数・バイト数・語数）から換算した推定の黒線は 95% 予測区間です。同じ種類のテキストどうしの違い（較正用ファイル間のばらつき）と、種類を近いもので代用した場合は種類間の違いを含みますが、コーパス間の重複、公表サイズ自体の誤り、公表者の語の数え方と census の単位の違い、どの較正用テキストにも似ていないコーパスは含みません。較正用ファイルを1つずつ除いて予測すると、区間が実際のトークン数を含んだのは ${jaCheck} でした。`,
    en: `The black lines of estimates converted from a published size (characters, bytes, words) are 95% prediction intervals: they cover how texts of one kind differ (the spread between calibration files) and, where a corpus's kind is only close to a calibrated one, how kinds differ; they do not cover overlap between corpora, errors in the published sizes, a publisher's word count against census's unit, or a corpus unlike every calibration text. Predicting each calibration file from the others, the interval held the exact count for ${enCheck}.`,
  };
}

/** The caveats the Markdown report gives, in the reader's words, with the catalog's own figures. */
export function caveats(publication: Publication): Bilingual[] {
  const { report, overlap } = publication;
  const gpt3 = report.references.gpt3?.tokens ?? 300e9;
  const nameOf = (id: string) => {
    const e = publication.entries.find((p) => p.entry.id === id)?.entry;
    return e?.report?.name ?? e?.name.en ?? id;
  };
  const groupsText = (sep: string) =>
    (["ja", "en"] as const).flatMap((k) => overlap[k].groups.map((g) => g.map(nameOf).join(sep))).join("; ");
  const list: Bilingual[] = [];
  if (report.tokenizers.includes("r50k_base"))
    list.push({
      ja: `r50k_base は GPT-3 のトークナイザーで、GPT-3 の学習量 ${formatTokens(gpt3)} トークン（赤い破線）と比べる公正な物差しはこの値です。o200k_base（GPT-4o）と llama3（Llama 3）は同じテキストを今のトークナイザーで数えた値です。`,
      en: `r50k_base is GPT-3's tokenizer: it is the fair yardstick against GPT-3's ${formatTokens(gpt3)} training tokens (the red dashed line). o200k_base (GPT-4o) and llama3 (Llama 3) count the same text with today's tokenizers.`,
    });
  list.push({
    ja: `重なり合うコーパス（Common Crawl 由来の CC-100・mC4・OSCAR など）はそれぞれ数えているため、棒の長さは重複を除いたテキスト量の上限です。濃い部分と「重複除外 ≥」は、重なり合う組ごとに最大の1つだけを数えた下限です（重なりの量は測っていません）。重なり合う組: ${groupsText("・")}。`,
    en: `Overlapping corpora (the Common Crawl derivatives CC-100, mC4 and OSCAR, and others) are each counted, so each bar is an upper bound of the distinct text. The dark part and "distinct ≥" count only the largest corpus of each overlapping group: a lower bound (how much they share is not measured). Overlapping groups: ${groupsText(" / ")}.`,
  });
  list.push(intervalCaveat(report.uncertainty));
  const claim = (k: "ja" | "en") => report.lists[k].heuristic.claim;
  const ja = claim("ja");
  const en = claim("en");
  if (ja && en) {
    list.push({
      ja: `灰色の棒は報告書の方法（公表語数 × 0.5（日本語）・× 4/3（英語））を、公表されている語数に当てはめた値です。報告書は日本語 約${formatTokens(ja.tokens)}・英語 約${formatTokens(en.tokens)} トークンとしていますが、公表語数からは ${formatTokens(report.lists.ja.heuristic.tokens)}・${formatTokens(report.lists.en.heuristic.tokens)} にしかなりません。`,
      en: `The grey bars apply the report's method (published word count × 0.5 for Japanese, × 4/3 for English) to the published word counts. The report says ~${formatTokens(ja.tokens)} (Japanese) and ~${formatTokens(en.tokens)} (English) tokens; the published word counts give only ${formatTokens(report.lists.ja.heuristic.tokens)} and ${formatTokens(report.lists.en.heuristic.tokens)}.`,
    });
  }
  list.push({
    ja: "テキストでない・該当言語がない・見つからない・未公開・公開終了の項目は実測推定に含めていません（報告書の換算は報告書どおり含めています）。",
    en: "Entries that are not text, have no text in the language, cannot be found, were never released or were withdrawn are left out of the measured estimates (the report's heuristic counts them, as the report did).",
  });
  const unclear = publication.entries.filter(
    (p) => p.entry.report && p.usableCommercial && p.warned.includes("licence-unclear"),
  );
  if (unclear.length > 0) {
    const names = unclear.map((p) => p.entry.report?.name ?? p.entry.name.en).join(", ");
    list.push({
      ja: `「商用学習に利用可」には「ライセンス不明確」の項目（${unclear.length}件: ${names}）も含みます。利用前にライセンスを確認してください。`,
      en: `"Usable for commercial training" includes ${unclear.length} entries flagged licence-unclear (${names}). Check their licence before use.`,
    });
  }
  return list;
}
