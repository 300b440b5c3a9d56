import { formatTokens } from "@corpus-census/estimate";
import type { Publication } from "./model.js";

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const t2 = (ja: string, en: string) => `<tspan class="ja">${esc(ja)}</tspan><tspan class="en">${esc(en)}</tspan>`;

/**
 * Token totals against GPT-3's 300 billion, drawn as SVG: per group, the report's heuristic
 * and the measured estimates (with their intervals), on one linear scale with GPT-3 marked.
 */
export function renderChart(publication: Publication): string {
  const { report } = publication;
  const gpt3 = report.references.gpt3?.tokens ?? 300e9;
  const groups = [
    { key: "ja" as const, ja: "日本語リスト", en: "Japanese list" },
    { key: "en" as const, ja: "英語リスト", en: "English list" },
    { key: "usable" as const, ja: "商用学習に利用可", en: "Usable commercially" },
  ];
  const series = [
    { id: "heuristic", ja: "報告書の換算（語数×0.5・×4/3）", en: "Report's heuristic (words × 0.5 / × 4/3)", color: "#9e9e9e" },
    ...report.tokenizers.map((t, i) => ({ id: t, ja: `実測推定 ${t}`, en: `Measured ${t}`, color: ["#1f5fa8", "#d9730d", "#2e7d32", "#7b1fa2"][i % 4]! })),
  ];
  const value = (g: (typeof groups)[number]["key"], s: string) =>
    s === "heuristic" ? { value: report.lists[g].heuristic.tokens, low: undefined, high: undefined } : report.lists[g].estimates[s];
  let max = gpt3;
  for (const g of groups) for (const s of series) max = Math.max(max, value(g.key, s.id)?.high ?? value(g.key, s.id)?.value ?? 0);
  max *= 1.1;
  const left = 170;
  const width = 880;
  const plot = width - left - 20;
  const barH = 14;
  const groupH = series.length * (barH + 3) + 24;
  const top = 30;
  const height = top + groups.length * groupH + 40 + series.length * 18;
  const x = (v: number) => left + (plot * v) / max;
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-desc" xmlns="http://www.w3.org/2000/svg">`);
  parts.push(`<desc id="chart-desc">${esc(`Token totals per list against GPT-3's ${formatTokens(gpt3)} training tokens`)}</desc>`);
  groups.forEach((g, gi) => {
    const y0 = top + gi * groupH;
    parts.push(`<text x="0" y="${y0 + 14}" font-size="13" font-weight="bold">${t2(g.ja, g.en)}</text>`);
    series.forEach((s, si) => {
      const v = value(g.key, s.id);
      if (!v) return;
      const y = y0 + 4 + si * (barH + 3);
      parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(v.value) - left).toFixed(1)}" height="${barH}" fill="${s.color}"><title>${esc(`${s.en}: ${formatTokens(v.value)}`)}</title></rect>`);
      if (v.low !== undefined && v.high !== undefined) {
        const ym = y + barH / 2;
        parts.push(`<line x1="${x(v.low).toFixed(1)}" x2="${x(v.high).toFixed(1)}" y1="${ym}" y2="${ym}" stroke="#000" stroke-width="1.5"/>`);
      }
      // A total that lacks entries another tokenizer has says which, rather than look comparable.
      const missing = "missing" in v && v.missing.length ? v.missing : [];
      const label = missing.length ? t2(`${formatTokens(v.value)}（${missing.join(", ")} を除く）`, `${formatTokens(v.value)} (without ${missing.join(", ")})`) : esc(formatTokens(v.value));
      parts.push(`<text x="${(x(v.high ?? v.value) + 4).toFixed(1)}" y="${y + barH - 3}" font-size="11">${label}</text>`);
    });
  });
  const axisY = top + groups.length * groupH;
  parts.push(`<line x1="${x(gpt3).toFixed(1)}" x2="${x(gpt3).toFixed(1)}" y1="${top - 8}" y2="${axisY}" stroke="#c62828" stroke-width="2" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${(x(gpt3) + 4).toFixed(1)}" y="${top - 12}" font-size="12" fill="#c62828">${t2(`GPT-3: ${formatTokens(gpt3)}トークン`, `GPT-3: ${formatTokens(gpt3)} tokens`)}</text>`);
  parts.push(`<line x1="${left}" x2="${left + plot}" y1="${axisY}" y2="${axisY}" stroke="#444"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    parts.push(`<text x="${x(v).toFixed(1)}" y="${axisY + 14}" font-size="10" text-anchor="middle">${esc(formatTokens(v))}</text>`);
  }
  series.forEach((s, si) => {
    const y = axisY + 30 + si * 18;
    parts.push(`<rect x="${left}" y="${y - 10}" width="12" height="12" fill="${s.color}"/><text x="${left + 18}" y="${y}" font-size="12">${t2(s.ja, s.en)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}
