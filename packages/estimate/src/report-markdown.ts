import { formatSize } from "@corpus-census/catalog";
import type { Interval } from "./interval.js";
import type { ListReport, ListTotal, Report } from "./report.js";
import type { CurrentTotals } from "./current-report.js";
import { formatPercent } from "./percent.js";

const B = 1e9;
const billions = (x: number) => (x / B >= 100 ? (x / B).toFixed(0) : (x / B).toFixed(1));
/** Tokens with their scale written out: 12.3 B, 45.6 M, 7,890. */
export function formatTokens(x: number): string {
  if (!Number.isFinite(x)) return "∞";
  if (Math.abs(x) >= 1e9) return `${billions(x)} B`;
  if (Math.abs(x) >= 1e6) return `${(x / 1e6).toFixed(1)} M`;
  return Math.round(x).toLocaleString("en-US");
}
const interval = (i: Interval | undefined) =>
  i ? `${formatTokens(i.value)} (${formatTokens(i.low)}–${formatTokens(i.high)})` : "—";
/** An interval as a multiple of a reference's tokens: 1.23× (1.10–1.40). */
const times = (i: Interval, reference: number) =>
  `${(i.value / reference).toFixed(2)}× (${(i.low / reference).toFixed(2)}–${(i.high / reference).toFixed(2)})`;
/** A list's total for a tokenizer, naming the entries it lacks; "—" when no entry could be estimated (never 0). */
const total = (t: ListTotal | undefined) =>
  t ? `${interval(t)}${t.missing.length ? `, without ${t.missing.join(", ")}` : ""}` : "— (no entry estimated)";

const LIST_TITLES: Record<string, string> = {
  ja: "Japanese list",
  en: "English list",
  usable: "Usable for commercial training",
};

function listTitle(key: string, list: ListReport): string {
  return `${LIST_TITLES[key] ?? key} (${list.entries.length + list.excluded.length} entries)`;
}

/** Which calibration converted the catalog sizes, what it rests on, and whether it was chosen instead of the shipped one. */
function calibrationLines(report: Report): string[] {
  const basis = report.generatedFrom.calibrationBasis;
  if (!basis)
    return ["Calibration: none in the catalog, so no catalog size could be converted (run census calibrate).", ""];
  return [
    `Calibration: **${basis.id}**${basis.chosen === "explicit" ? " (chosen with --calibration instead of the shipped one)" : " (the shipped one)"}; ${basis.summary}.`,
    ...(basis.warning ? ["", `**Warning**: ${basis.warning}.`] : []),
    "",
  ];
}

/** The report as Markdown: the question, the comparison, and how each figure was made. */
export function renderReportMarkdown(report: Report, date: string): string {
  const gpt3 = report.references.gpt3?.tokens ?? 300e9;
  // The report's own lists; the current list has a shape of its own (overlaps counted once) and a section after them.
  const keys = (Object.keys(report.lists) as (keyof Report["lists"])[]).filter(
    (k): k is Exclude<keyof Report["lists"], "current"> => k !== "current",
  );
  const out: string[] = [];
  out.push("# Do the listed corpora reach GPT-3 scale?", "");
  out.push(
    `Generated ${date} by corpus-census from the catalog (facts checked ${report.generatedFrom.catalogCheckedOn ?? "?"}) and the measurements ${report.generatedFrom.calibration ?? "(none)"}${report.generatedFrom.estimateRuns.length ? `, ${report.generatedFrom.estimateRuns.join(", ")}` : ""}. Not legal advice.`,
    "",
    ...calibrationLines(report),
  );
  out.push("## Summary: tokens (B = billion, M = million; 95% interval)", "");
  out.push(
    `| | the report's heuristic (words × 0.5 ja, × 4/3 en) | ${report.tokenizers.map((t) => `measured: ${t}${t === "r50k_base" ? " (GPT-3's tokenizer)" : ""}`).join(" | ")} |`,
  );
  out.push(`|---|---:|${report.tokenizers.map(() => "---:").join("|")}|`);
  for (const key of keys) {
    const list = report.lists[key];
    const h = list.heuristic;
    const claim = h.claim ? `; the report says ~${formatTokens(h.claim.tokens)} from ${h.claim.corpora}` : "";
    out.push(
      `| ${listTitle(key, list)} | ${formatTokens(h.tokens)} from ${h.corpora} corpora with a word count${claim} | ${report.tokenizers.map((t) => total(list.estimates[t])).join(" | ")} |`,
    );
  }
  out.push("");
  out.push(
    `Against GPT-3's ${billions(gpt3)} billion training tokens (counted with r50k_base): ${keys
      .map((k) => {
        const e = report.lists[k].estimates.r50k_base;
        return e
          ? `${listTitle(k, report.lists[k]).replace(/ \(.*/, "")} ${times(e, gpt3)}${e.missing.length ? ` without ${e.missing.join(", ")}` : ""}`
          : "";
      })
      .filter(Boolean)
      .join("; ")}.`,
    "",
  );
  out.push(...renderUncertaintyMarkdown(report), ...renderPublisherChecksMarkdown(report));
  out.push(
    "## Reference points",
    "",
    "| model | training tokens | text | parameters | source |",
    "|---|---:|---:|---:|---|",
  );
  for (const [, r] of Object.entries(report.references)) {
    out.push(
      `| ${r.name} | ${r.tokens ? formatTokens(r.tokens) : "undisclosed"} | ${r.bytes ? `${(r.bytes / 1e9).toFixed(0)} GB` : "—"} | ${r.parameters ? formatTokens(r.parameters) : "—"} | ${r.source} |`,
    );
  }
  out.push("");
  for (const key of keys) {
    const list = report.lists[key];
    out.push(`## ${listTitle(key, list)}`, "");
    if (list.heuristic.claim) {
      const h = list.heuristic;
      out.push(
        `The report's method on the catalog's cited word counts gives ${billions(h.tokens)} billion tokens from ${h.corpora} corpora (${billions(h.words)} billion words); the report says ~${billions(h.claim!.tokens)} billion from ${h.claim!.corpora}. ` +
          (Math.abs(h.tokens - h.claim!.tokens) / h.claim!.tokens > 0.1
            ? `**The report's total cannot be reproduced from published sizes**: the catalog's word counts give ${((100 * h.tokens) / h.claim!.tokens).toFixed(0)}% of it. `
            : "") +
          `Without a word count: ${h.withoutWordCount.join(", ") || "none"}.`,
        "",
      );
    }
    if (list.notEstimated.length)
      out.push(
        `Not in any measured total (no convertible size and no recorded run): ${list.notEstimated.join(", ")}.`,
        "",
      );
    out.push(`| no. | entry | how estimated | figure converted | ${report.tokenizers.join(" | ")} | notes |`);
    out.push(`|---:|---|---|---|${report.tokenizers.map(() => "---:").join("|")}|---|`);
    for (const e of list.entries) {
      const figure = e.size ? `${formatSize(e.size)}${e.sizeBasis ? ` [${e.sizeBasis.basis}]` : ""}` : (e.run ?? "—");
      const notes = [
        ...(e.sizeBasis && e.method === "catalog-size" ? [`converted: ${e.sizeBasis.reason}`] : []),
        ...e.notes,
      ];
      out.push(
        `| ${e.list} ${e.number ?? ""} | ${e.id} | ${e.method} | ${figure} | ${report.tokenizers.map((t) => interval(e.tokens[t])).join(" | ")} | ${notes.join("; ").replace(/\|/g, "/")} |`,
      );
    }
    for (const x of list.excluded)
      out.push(
        `| | ${x.id} | not counted | | ${report.tokenizers.map(() => "").join(" | ")} | ${x.reason.replace(/\|/g, "/")} |`,
      );
    out.push("");
  }
  out.push(...renderCurrentListMarkdown(report));
  out.push("## How to read this", "");
  out.push(
    "- *the report's heuristic*: each corpus's published word count (NINJAL short units, the publisher's words, or whitespace words — the unit is in the catalog) × 0.5 for the Japanese list and × 4/3 for the English list, summed, as the report did.",
    "- *figure converted*: the catalog figure closest to the corpus's text — characters of the text (`text-characters`), then bytes of the text (`text-bytes`), then a word count (`words`), and only when there is nothing else the bytes of a container such as TFRecord or Arrow files with metadata beside the text (`container-bytes`, an upper bound); a figure for the whole entry comes before one for a part.",
    "- *measured*: each corpus's size converted to tokens with ratios measured by real tokenizers on sample text of the closest kind (`catalog/measurements/`), or, where a run was recorded, estimated from the corpus's own data (`sampled`) or counted whole (`counted`). Figures of different units are never added: one figure per corpus is converted.",
    '- Intervals: a converted size carries a prediction interval (see "How far these numbers can be off"); a sampled corpus carries the sampling uncertainty of its sample; a counted one is exact.',
    ...report.notes.map((n) => `- ${n}`),
    "",
  );
  return out.join("\n");
}

/** What the intervals cover, how they fared on calibration files left out, and which unit converts best. */
function renderUncertaintyMarkdown(report: Report): string[] {
  const { covers, check, units } = report.uncertainty;
  const out = ["## How far these numbers can be off", "", covers, ""];
  if (!check) return out;
  out.push(
    `Checked on text the intervals were not fitted to: each calibration file left out in turn, its tokens predicted from its size in every unit a catalog size is converted from, for every tokenizer, with the model fitted on the other files.`,
    "",
    "| language | files | predictions | held the exact count | mean half-width | typical error (RMS of log error) |",
    "|---|---:|---:|---:|---:|---:|",
    ...check.byLanguage.map(
      (l) =>
        `| ${l.lang} | ${l.files} | ${l.predictions} | ${formatPercent(l.coverage)} | ±${formatPercent(l.meanRelativeHalfWidth)} | ${formatPercent(l.rmsLogError)} |`,
    ),
    "",
    "Which unit converts best (leave-one-file-out error over every tokenizer, best first; a conversion uses the best unit among the figures its entry has, before a stand-in for the publisher's unit, and a container's bytes last):",
    "",
    "| language | text kind | files | intervals that held the left-out count | units, best first |",
    "|---|---|---:|---:|---|",
    ...units.map(
      (u) =>
        `| ${u.lang} | ${u.textKind === "all" ? "all kinds" : u.textKind} | ${u.files} | ${formatPercent(u.coverage)} | ${u.errors.map((e, i) => `${i === 0 ? "**" : ""}${e.unit} ${formatPercent(e.rmsLogError)}${i === 0 ? "**" : ""}`).join(", ")} |`,
    ),
    "",
    "The spread within a kind is pooled over kinds, so a kind whose texts differ more than most (manuals: shell listings beside prose) is covered less often than 95%, and one whose texts differ less is covered more often; the row of each kind says how often.",
    "",
  );
  return out;
}

const PUBLISHED_UNIT: Record<string, string> = {
  tokens: "tokens",
  words: "words",
  "short-unit-words": "short-unit words",
  characters: "characters",
  "bytes-uncompressed": "UTF-8 bytes",
};
const measured = (as: string) => (as.startsWith("unit:") ? `${as.slice(5)} (kuromoji)` : `${as} tokens`);
const plain = (x: number) => (x >= 1e6 ? formatTokens(x) : x.toLocaleString("en-US"));

/** census's conversions held against the makers' own second unit: every check, inside its interval or not. */
function renderPublisherChecksMarkdown(report: Report): string[] {
  const results = report.publisherChecks;
  if (results.length === 0) return [];
  const out = [
    "## Checks against what the makers published",
    "",
    "Where a corpus's maker published two units of the same text, census converts the first with this calibration and holds the result against the second. A check outside census's interval is a finding about the calibration, shown here rather than hidden.",
    "",
    "| corpus | converted | census's prediction (95% interval) | published | published ÷ census | inside the interval? |",
    "|---|---|---:|---:|---:|---|",
  ];
  for (const r of results) {
    const c = r.check;
    const from = `${plain(c.from.value)} ${PUBLISHED_UNIT[c.from.unit]} → ${measured(c.measuredAs)} (${c.lang} ${c.textKind}${c.sameKind ? "" : ", a stand-in kind"})`;
    const published = `${plain(c.published.value)} ${PUBLISHED_UNIT[c.published.unit]}${c.published.tokenizer ? ` (${c.published.tokenizer})` : ""}${c.published.segmenter ? ` (${c.published.segmenter})` : ""}`;
    const predicted = r.predicted ? interval(r.predicted) : `— (${r.reason})`;
    const verdict = r.within === undefined ? "—" : r.within ? "yes" : "**no**";
    out.push(
      `| ${c.corpus}${c.entry ? ` (\`${c.entry}\`)` : ""} | ${from} | ${predicted} | ${published} | ${r.ratio === undefined ? "—" : r.ratio.toFixed(3)} | ${verdict} |`,
    );
  }
  out.push(
    "",
    ...results.map((r) =>
      `- ${r.check.corpus}: ${r.check.scope}. ${r.check.note ?? ""} Sources: ${[...new Set([r.check.from.source, r.check.published.source])].join(", ")}`.trim(),
    ),
    "",
  );
  return out;
}

/** The report's question asked of today's corpora: the current list, against GPT-3, Llama 2 and LLM-jp-4's corpus. */
function renderCurrentListMarkdown(report: Report): string[] {
  const current = report.lists.current;
  const n = current.perEntry.length + current.excluded.length;
  const out: string[] = [`## Today's corpora: the current list (${n} entries, not in the report)`, ""];
  if (n === 0) return [...out, "The catalog has no entries on the current list.", ""];
  out.push(current.method, "");
  out.push(`| | ${report.tokenizers.join(" | ")} |`, `|---|${report.tokenizers.map(() => "---:").join("|")}|`);
  const row = (label: string, totals: CurrentTotals, key: "estimates" | "upperBound") =>
    `| ${label} (${totals.entries.length} entries) | ${report.tokenizers.map((t) => interval(totals[key][t])).join(" | ")} |`;
  out.push(
    row("all, overlaps counted once", current, "estimates"),
    row("all, plain sum (upper bound)", current, "upperBound"),
  );
  out.push(
    row("usable for commercial training, overlaps counted once", current.usable, "estimates"),
    row("usable for commercial training, plain sum", current.usable, "upperBound"),
    "",
  );
  const yardstick = report.tokenizers.includes("r50k_base") ? "r50k_base" : report.tokenizers[0];
  const all = yardstick ? current.estimates[yardstick] : undefined;
  const usable = yardstick ? current.usable.estimates[yardstick] : undefined;
  if (all && usable) {
    const against = current.comparedWith.map((id) => {
      const r = report.references[id]!;
      if (!r.tokens) return `${r.name}: undisclosed`;
      return `${r.name} (${formatTokens(r.tokens)}): all ${times(all, r.tokens)}, usable ${times(usable, r.tokens)}`;
    });
    out.push(
      `Against the reference points, in ${yardstick} tokens (a reference counted with another tokenizer is an approximate yardstick): ${against.join("; ")}.`,
      "",
    );
  }
  for (const group of current.overlapGroups) {
    out.push(
      `- Overlap group ${group.ids.join(", ")}: counted once, by ${[...new Set(Object.values(group.counted))].join(" / ") || "none (no estimate)"}.`,
    );
  }
  const published = Object.entries(current.publishedTokens);
  if (published.length > 0) {
    out.push(
      "",
      "Sizes their makers published in tokens (summed per tokenizer, never across tokenizers, and only of each entry's own corpus release; overlaps not removed):",
      "",
    );
    for (const [tokenizer, sum] of published) {
      out.push(
        `- ${tokenizer}: ${formatTokens(sum.value)} from ${sum.entries.map((x) => `${x.id} ${formatTokens(x.value)}${x.corpusVersion ? ` [corpus ${x.corpusVersion}]` : ""}${x.scope ? ` (${x.scope})` : ""}`).join("; ")}`,
      );
    }
  }
  out.push(
    "",
    `| entry | how estimated | figure converted | ${report.tokenizers.join(" | ")} | notes |`,
    `|---|---|---|${report.tokenizers.map(() => "---:").join("|")}|---|`,
  );
  for (const e of current.perEntry) {
    const figure = e.size ? formatSize(e.size) : (e.run ?? "—");
    out.push(
      `| ${e.id} | ${e.method} | ${figure} | ${report.tokenizers.map((t) => interval(e.tokens[t])).join(" | ")} | ${e.notes.join("; ").replace(/\|/g, "/")} |`,
    );
  }
  for (const x of current.excluded)
    out.push(
      `| ${x.id} | not counted | | ${report.tokenizers.map(() => "").join(" | ")} | ${x.reason.replace(/\|/g, "/")} |`,
    );
  out.push("");
  return out;
}
