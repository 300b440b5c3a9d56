import { parseArgs, positiveInteger } from "../args.js";
import {
  countInputs,
  decompress,
  defaultWorkers,
  expandInputs,
  ENCODING_LABELS,
  FORMATS,
  guessEncoding,
  peek,
  resolveTokenizer,
  sniffFormat,
  UnknownTokenizerError,
  type EncodingGuess,
  type Format,
  type TextEncodingName,
  type TokenizerSpec,
} from "@corpus-census/count";
import {
  estimateFileBySampling,
  estimateShardsBySampling,
  estimateStreamBySampling,
  HttpRangeSource,
  listHubDataset,
  LocalFileSource,
  poolDocumentCounter,
  resumableShardCounter,
  shardSize,
  type RandomAccessSource,
  type SampleEstimate,
  type Shard,
} from "@corpus-census/estimate";
import { checkAgainstCatalog, parseSaveOptions, SAVE_OPTIONS_HELP, SaveRefused, savedRunUse, saveRun } from "../save-run.js";
import { renderTable } from "../table.js";
import { parseEnumValues, UsageError } from "../usage-error.js";
import type { Output } from "../output.js";
import { TOOL_VERSION } from "../version.js";
import { DEFAULT_TOKENIZERS, ENCODINGS } from "./count.js";
import { statusLine } from "../progress.js";

export const ESTIMATE_HELP = `census estimate <input...> --sample FRACTION [options]

Estimates documents and tokens of a corpus from a random sample, with a 95% interval:
  one uncompressed local file      documents at random byte offsets (aligned to document boundaries)
  one uncompressed http(s) file    the same through HTTP Range requests, several in flight
  many shards (paths, URLs, a directory, a glob, or hf:ORG/NAME with --config/--split)
                                   whole shards drawn at random, extrapolated by bytes
  a compressed file or stdin       cannot be read at random offsets: streamed whole, only a random
                                   share of documents tokenized (documents and bytes exact)
  --sample F        share of the bytes to sample, in (0, 1]
  --seed N          random seed (default 1); the same seed reproduces the sample
  --tokenizer IDS   as for census count (default ${DEFAULT_TOKENIZERS.join(",")})
  --format FORMAT   text | lines | jsonl (sampled at offsets); others are streamed
  --field NAME      JSON field of the text (default text, else content)
  --config C --split S   which files of a hf: dataset
  --parallel N      draws (Range requests) in flight (default 8)
  --workers N       worker threads for counting (default ${defaultWorkers()})
  --encoding NAME   utf-8 | shift_jis | euc-jp | auto (default: as census count); a file that is not
                    UTF-8 is streamed, since random offsets cut bytes, not characters
${SAVE_OPTIONS_HELP}
  --json            print {"estimate": {...}, "io": {...}, "method": ...}`;

async function resolveAll(raw: string[] | undefined): Promise<TokenizerSpec[]> {
  const names = [...new Set((raw ?? DEFAULT_TOKENIZERS).flatMap((r) => r.split(",")).map((s) => s.trim()).filter(Boolean))];
  return Promise.all(
    names.map((n) =>
      resolveTokenizer(n).catch((error: Error) => {
        throw error instanceof UnknownTokenizerError ? new UsageError(`--tokenizer: ${error.message}`) : error;
      }),
    ),
  );
}

/** What can be read at random offsets: compression none and a line-based format (in UTF-8: offsets cut bytes, not characters). */
async function sniffRandomAccess(source: RandomAccessSource): Promise<{ compressed: string | undefined; format: Format; encoding: EncodingGuess }> {
  const head = await source.read(0, 64 * 1024);
  async function* once() {
    yield head;
  }
  const { compression, chunks } = await decompress(once());
  const peeked = await peek(chunks, 64 * 1024).catch(() => ({ head: new Uint8Array(0) }));
  const text = compression === "none" ? head : peeked.head;
  return { compressed: compression === "none" ? undefined : compression, format: sniffFormat(text), encoding: guessEncoding(text) };
}

export async function estimateCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      sample: { type: "string" },
      seed: { type: "string", default: "1" },
      tokenizer: { type: "string", multiple: true },
      format: { type: "string" },
      field: { type: "string" },
      config: { type: "string" },
      split: { type: "string" },
      parallel: { type: "string", default: "8" },
      workers: { type: "string" },
      encoding: { type: "string", default: "auto" },
      save: { type: "boolean", default: false },
      entry: { type: "string" },
      covers: { type: "string" },
      catalog: { type: "string" },
      json: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError("census estimate needs an input (file, URL, shards, directory, glob, hf:ORG/NAME or -)");
  const fraction = Number(values.sample);
  if (values.sample === undefined || !Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
    throw new UsageError(`--sample: expected a fraction in (0, 1] such as 0.05, got ${values.sample === undefined ? "nothing" : `"${values.sample}"`}`);
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed: expected a whole number, got "${values.seed}"`);
  const parallel = positiveInteger("parallel", values.parallel)!;
  const workers = positiveInteger("workers", values.workers) ?? defaultWorkers();
  const format = parseEnumValues("format", values.format ? [values.format] : undefined, FORMATS)?.[0];
  const save = parseSaveOptions(values, out);
  const specs = await resolveAll(values.tokenizer);
  const ids = specs.map((s) => s.id);
  const encoding = parseEnumValues("encoding", [values.encoding!], ENCODINGS)![0]!;
  const readOptions = { format, field: values.field, wikitext: "plain" as const, encoding, onError: "fail" as const };
  const status = statusLine();
  const started = Date.now();
  let documentsCounted = 0;
  const showStatus = (what: string) => status?.set(`estimate: ${what}, ${Math.round((Date.now() - started) / 1000)} s`);

  let result: SampleEstimate & { sampledShards?: string[]; resumedShards?: number };
  let inputs: { name: string; bytes: number | null; identity: string | null }[];
  /** Whether the input's size is that of uncompressed text (comparable with the catalog's bytes); null when unknown. */
  let uncompressed: boolean | null = null;
  const countWhole = async (shard: Shard) => {
    showStatus(`counting shard ${shard.name}`);
    const counted = await countInputs([shard.url ?? shard.name], { ...readOptions, tokenizers: specs, morphemes: false, workers });
    const r = counted.inputs[0]!;
    if (!r.complete) throw new Error(`shard ${shard.name} failed mid-way: ${r.error}; the estimate cannot use a partial shard`);
    return { documents: r.counts.documents, tokens: r.counts.tokens, bytesRead: r.counts.inputBytes, textBytes: r.counts.bytes, characters: r.counts.chars };
  };
  // Counted shards are kept, so an interrupted estimate resumes (see shard-cache.ts).
  const shardCounter = resumableShardCounter(countWhole, { tokenizers: specs, format, field: values.field });

  if (positionals.length === 1 && positionals[0]!.startsWith("hf:")) {
    const repo = positionals[0]!.slice(3);
    const listing = await listHubDataset(repo, { config: values.config, split: values.split });
    result = await estimateShardsBySampling(listing.shards, shardCounter.count, { fraction, seed, tokenizers: ids });
    result.resumedShards = shardCounter.resumed();
    inputs = listing.shards.map((s) => ({ name: s.name, bytes: s.bytes, identity: null }));
  } else {
    const names = positionals.length === 1 && positionals[0] === "-" ? ["-"] : await expandInputs(positionals);
    if (names.length > 1) {
      const shards = await Promise.all(names.map(async (name) => ({ name, bytes: await shardSize(name) })));
      result = await estimateShardsBySampling(shards, shardCounter.count, { fraction, seed, tokenizers: ids });
      result.resumedShards = shardCounter.resumed();
      inputs = shards.map((s) => ({ name: s.name, bytes: s.bytes, identity: null }));
    } else {
      const name = names[0]!;
      showStatus("loading the tokenizers");
      const pool = await poolDocumentCounter(specs, workers);
      // Progress: the documents drawn so far, as they are counted.
      const counter: typeof pool = {
        ...pool,
        async count(texts) {
          const counts = await pool.count(texts);
          documentsCounted += texts.length;
          showStatus(`${documentsCounted.toLocaleString("en-US")} sampled documents counted`);
          return counts;
        },
      };
      try {
        if (name === "-") {
          result = await estimateStreamBySampling(name, counter, { ...readOptions, fraction, seed });
          inputs = [{ name, bytes: null, identity: null }];
        } else {
          const source: RandomAccessSource = /^https?:\/\//i.test(name) ? await HttpRangeSource.open(name, {}, parallel) : await LocalFileSource.open(name);
          try {
            const sniffed = await sniffRandomAccess(source);
            const chosen = format ?? sniffed.format;
            uncompressed = !sniffed.compressed;
            const textEncoding: TextEncodingName = encoding === "auto" ? sniffed.encoding.encoding : encoding;
            if (sniffed.compressed || textEncoding !== "utf-8" || !["text", "lines", "jsonl"].includes(chosen)) {
              result = await estimateStreamBySampling(name, counter, { ...readOptions, encoding: textEncoding, fraction, seed });
              if (encoding === "auto" && sniffed.encoding.evidence) {
                result.notes.unshift(`read as ${ENCODING_LABELS[textEncoding]}, detected: ${sniffed.encoding.evidence}; --encoding ${textEncoding} says so`);
              }
            } else {
              result = await estimateFileBySampling(source, counter, { format: chosen as "text" | "lines" | "jsonl", field: values.field, fraction, seed, parallel });
            }
            inputs = [{ name, bytes: source.size, identity: null }];
          } finally {
            await source.close();
          }
        }
      } finally {
        await counter.close();
        status?.done();
      }
    }
  }

  status?.done();
  if (isEmptyInput(result)) result = exactlyNothing(result, ids);
  // The run is checked against the catalog before it is saved; a refusal still prints the estimate.
  const after: string[] = [];
  let code = 0;
  if (save) {
    const coverage = {
      covers: save.covers,
      inputBytes: result.io.totalBytes,
      uncompressed,
      documents: result.estimate.documents.value,
      textBytes: result.text?.bytes.value ?? null,
      characters: result.text?.characters.value ?? null,
    };
    try {
      const checkNotes = checkAgainstCatalog(coverage, save.entry);
      const file = saveRun(
        { ...(save.entry ? { entryId: save.entry.id } : {}), inputs, method: result.method, sampleFraction: fraction, seed, estimate: result.estimate, io: result.io, coverage, notes: [...result.notes, ...checkNotes] },
        values.catalog,
      );
      after.push(`saved ${file}: ${savedRunUse(coverage, save.entry)}`);
    } catch (error) {
      if (!(error instanceof SaveRefused)) throw error;
      after.push(`census estimate: ${error.message}`);
      code = 1;
    }
  }
  const finish = () => {
    for (const line of after) out.stderr(line);
    return code;
  };

  if (values.json) {
    out.stdout(JSON.stringify({ ...result, sampleFraction: fraction, seed, tokenizers: specs, tool: { name: "corpus-census", version: TOOL_VERSION } }, null, 2));
    return finish();
  }
  const n = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "∞");
  const rows = [
    { what: "documents", ...result.estimate.documents },
    ...ids.map((id) => ({ what: `tokens ${id}`, ...result.estimate.tokens[id]! })),
  ];
  out.stdout(
    [
      renderTable(rows, [
        { header: "", value: (r) => r.what },
        { header: "estimate", value: (r) => n(r.value), align: "right" },
        { header: "95% interval", value: (r) => `${n(r.low)} – ${n(r.high)}`, align: "right" },
      ]),
      "",
      `Method: ${result.method}.`,
      `Read ${n(result.io.bytesRead)} bytes${result.io.totalBytes ? ` of ${n(result.io.totalBytes)} (${((100 * result.io.bytesRead) / result.io.totalBytes).toFixed(1)}%)` : ""}; sample fraction ${fraction}, seed ${seed}.`,
      ...(result.resumedShards ? [`Resumed: ${result.resumedShards} shard(s) counted by an earlier run were not read again.`] : []),
      ...result.notes.map((note) => `Note: ${note}`),
    ].join("\n"),
  );
  return finish();
}

/** Nothing was there to read: an empty file or stream. */
function isEmptyInput(result: SampleEstimate): boolean {
  return result.io.bytesRead === 0 && (result.io.totalBytes ?? 0) === 0 && result.estimate.documents.value === 0;
}

/** An empty input holds exactly no documents and no tokens: not an estimate with an interval up to infinity. */
function exactlyNothing(result: SampleEstimate, ids: string[]): SampleEstimate {
  const zero = { value: 0, low: 0, high: 0 };
  return {
    ...result,
    estimate: { documents: zero, tokens: Object.fromEntries(ids.map((id) => [id, zero])) },
    method: "counted whole (the input is empty)",
    notes: ["the input is empty: 0 documents and 0 tokens, exactly"],
  };
}
