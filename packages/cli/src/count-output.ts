import { ENCODING_LABELS, type CountResult, type Counts } from "@corpus-census/count";
import type { TokenizerSpec } from "@corpus-census/tokenizers";
import { renderTable } from "./table.js";
import { TOOL_VERSION } from "./version.js";

// The output of a count, as a table or JSON: census count's, and census merge's for the shards it adds.

/**
 * An integer with its thousands separated by commas, as toLocaleString("en-US") writes it,
 * without it: its first call sets up ICU's number formatting, ~30–70 ms of a small count's start.
 */
function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

function countColumns(ids: string[], morphemes: boolean) {
  const n = (v: number | undefined) => (v === undefined ? "—" : grouped(v));
  return [
    { header: "documents", value: (c: Counts) => n(c.documents), align: "right" as const },
    { header: "UTF-8 bytes", value: (c: Counts) => n(c.bytes), align: "right" as const },
    { header: "characters", value: (c: Counts) => n(c.chars), align: "right" as const },
    { header: "whitespace words", value: (c: Counts) => n(c.whitespaceWords), align: "right" as const },
    ...(morphemes
      ? [{ header: "morphemes (kuromoji)", value: (c: Counts) => n(c.morphemes), align: "right" as const }]
      : []),
    ...ids.map((id) => ({ header: `tokens ${id}`, value: (c: Counts) => n(c.tokens[id]), align: "right" as const })),
  ];
}

/** What the numbers of a count's JSON are counted in. */
const COUNT_UNITS = {
  bytes: "UTF-8 bytes of documents' text",
  chars: "Unicode code points",
  tokens: "per document, no special tokens",
};

/** The JSON of a count (census count --json, and census merge --json before its job and shards); each tokenizer says which implementation counted it, when known. */
export function countJson(result: CountResult, specs: TokenizerSpec[], tool: { name: string; version: string }) {
  const tokenizers = specs.map((spec, i) => (result.counters?.[i] ? { ...spec, counter: result.counters[i] } : spec));
  return {
    total: result.total,
    inputs: result.inputs,
    tokenizers,
    units: COUNT_UNITS,
    tool,
    ...(result.workers !== undefined ? { workers: result.workers } : {}),
    ...(result.notes ? { notes: result.notes } : {}),
    ...(result.merged ? { merged: result.merged } : {}),
  };
}

/**
 * census count's own speed: input bytes read per second of wall time from the process's start
 * to the end of the count (Node's start, loading the tokenizers, reading and counting; not the
 * printing), so what a user waits for, not the counting loop alone.
 */
interface Throughput {
  inputBytes: number;
  seconds: number;
  mbPerSecond: number;
  workers: number | undefined;
}

/** The throughput of a count that has just ended, timed from the process's start. */
export function throughputOf(result: CountResult): Throughput {
  const seconds = performance.now() / 1000;
  const inputBytes = result.total.inputBytes;
  return { inputBytes, seconds, mbPerSecond: inputBytes / 1e6 / seconds, workers: result.workers };
}

function throughputLine(t: Throughput): string {
  const threads =
    t.workers === undefined
      ? ""
      : t.workers === 0
        ? "; counted on the reading thread"
        : `; ${t.workers} worker${t.workers === 1 ? "" : "s"}`;
  return `Speed: ${t.mbPerSecond.toFixed(2)} MB/s (${grouped(t.inputBytes)} input bytes read in ${t.seconds.toFixed(2)} s of wall time since census started: Node's start, loading the tokenizers, reading and counting${threads}).`;
}

export function renderCountTable(
  result: CountResult,
  specs: TokenizerSpec[],
  morphemes: boolean,
  throughput?: Throughput,
): string {
  const ids = specs.map((s) => s.id);
  type Row = { name: string; format: string; status: string; counts: Counts };
  const rows: Row[] = result.inputs.map((r) => ({
    name: r.input,
    format: [r.format ?? "?", r.compression && r.compression !== "none" ? r.compression : ""].filter(Boolean).join("+"),
    status: r.complete ? (r.counts.skippedRecords > 0 ? `skipped ${r.counts.skippedRecords}` : "ok") : "INCOMPLETE",
    counts: r.counts,
  }));
  if (result.inputs.length > 1)
    rows.push({
      name: "total",
      format: "",
      status: result.inputs.every((r) => r.complete) ? "ok" : "INCOMPLETE",
      counts: result.total,
    });
  const columns = countColumns(ids, morphemes);
  const table = renderTable(rows, [
    { header: "input", value: (r) => r.name, maxWidth: 48, cut: "middle" },
    { header: "format", value: (r) => r.format },
    { header: "status", value: (r) => r.status },
    ...columns.map((c) => ({ header: c.header, value: (r: Row) => c.value(r.counts), align: c.align })),
  ]);
  const notes: string[] = [...(result.notes ?? [])];
  for (const r of result.inputs) {
    if (r.error) notes.push(`error: ${r.error}`);
    if (r.encodingDetected && r.encoding) {
      notes.push(
        `${r.input}: read as ${ENCODING_LABELS[r.encoding]}, detected: ${r.encodingDetected}; --encoding ${r.encoding} says so, --encoding utf-8 reads it as UTF-8`,
      );
    }
    if (r.counts.invalidUtf8 > 0)
      notes.push(
        `${r.input}: ${grouped(r.counts.invalidUtf8)} invalid ${ENCODING_LABELS[r.encoding ?? "utf-8"]} sequences, counted as U+FFFD`,
      );
    if (r.counts.skippedRecords > 0)
      notes.push(`${r.input}: skipped ${r.counts.skippedRecords} records (first: ${r.firstSkipped})`);
  }
  const provenance = specs
    .map((s) => `${s.id} (${s.kind === "tiktoken" ? `tiktoken encoding ${s.encoding}` : s.path})`)
    .join("; ");
  return [
    table,
    "",
    `Units: tokens per tokenizer, each document encoded on its own without special tokens; bytes are UTF-8 bytes of the documents' text; input bytes read: ${grouped(result.total.inputBytes)}.`,
    `Tokenizers: ${provenance}. census ${TOOL_VERSION}.`,
    ...(throughput ? [throughputLine(throughput)] : []),
    ...notes,
  ].join("\n");
}
