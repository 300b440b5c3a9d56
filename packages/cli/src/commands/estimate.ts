import { redactCredentials, redactJson } from "@corpus-census/common";
import { positiveInteger } from "../args.js";
import { defineCommand } from "../command-definition.js";
import {
  binaryWindowReason,
  capWorkers,
  countInputs,
  decompress,
  defaultWorkers,
  describeMerged,
  expandInputList,
  ENCODING_LABELS,
  FORMATS,
  guessEncoding,
  peek,
  sniffFormat,
  type EncodingGuess,
  type Format,
  type TextEncodingName,
  type Counts,
} from "@corpus-census/count";
import { resolveTokenizer, UnknownTokenizerError, type TokenizerSpec } from "@corpus-census/tokenizers";
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
import { checkAgainstCatalog, parseSaveOptions, SaveRefused, savedRunUse, saveRun } from "../save-run.js";
import { SAVE_OPTIONS_HELP } from "../save-options.js";
import { renderTable } from "../table.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";
import { TOOL_VERSION } from "../version.js";
import { checkHubNames, DEFAULT_TOKENIZERS, ENCODINGS } from "./count.js";
import { statusLine } from "../progress.js";

async function resolveAll(raw: string[] | undefined): Promise<TokenizerSpec[]> {
  const names = [
    ...new Set(
      (raw ?? DEFAULT_TOKENIZERS)
        .flatMap((r) => r.split(","))
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  checkHubNames(names, "--tokenizer: ");
  return Promise.all(
    names.map((n) =>
      resolveTokenizer(n).catch((error: Error) => {
        throw error instanceof UnknownTokenizerError ? new UsageError(`--tokenizer: ${error.message}`) : error;
      }),
    ),
  );
}

/** What can be read at random offsets: compression none and a line-based format (in UTF-8: offsets cut bytes, not characters). */
async function sniffRandomAccess(
  source: RandomAccessSource,
): Promise<{ compressed: string | undefined; format: Format; encoding: EncodingGuess }> {
  const head = await source.read(0, 64 * 1024);
  async function* once() {
    yield head;
  }
  const { compression, chunks } = await decompress(once());
  const peeked = await peek(chunks, 64 * 1024).catch(() => ({ head: new Uint8Array(0) }));
  const text = compression === "none" ? head : peeked.head;
  // Binary data is no corpus to estimate (census count refuses it the same way).
  const binary =
    binaryWindowReason(text) ??
    (text.subarray(0, 64 * 1024).includes(0) ? "it contains NUL bytes: binary data, not text" : undefined);
  if (binary) throw new Error(`${source.name}: not text: ${binary}`);
  return {
    compressed: compression === "none" ? undefined : compression,
    format: sniffFormat(text),
    encoding: guessEncoding(text),
  };
}

export const estimateDefinition = defineCommand({
  usage: "census estimate <input...> --sample FRACTION [options]",
  description: `Estimates documents and tokens of a corpus from a random sample, with a 95% interval:
  one uncompressed local file      documents at random byte offsets (aligned to document boundaries)
  one uncompressed http(s) file    the same through HTTP Range requests, several in flight
  many shards (paths, URLs, a directory, a glob, or hf:ORG/NAME with --config/--split)
                                   whole shards drawn at random, extrapolated by bytes
  a compressed file or stdin       cannot be read at random offsets: streamed whole, only a random
                                   share of documents tokenized (documents and bytes exact)`,
  options: {
    sample: { type: "string", label: "--sample F", description: "share of the bytes to sample, in (0, 1]" },
    seed: {
      type: "string",
      default: "1",
      label: "--seed N",
      description: "random seed (default {default}); the same seed reproduces the sample",
    },
    tokenizer: {
      type: "string",
      multiple: true,
      label: "--tokenizer IDS",
      description: `as for census count (default ${DEFAULT_TOKENIZERS.join(",")})`,
    },
    format: {
      type: "string",
      enum: FORMATS,
      label: "--format FORMAT",
      description: "text | lines | jsonl (sampled at offsets); others are streamed",
    },
    field: {
      type: "string",
      label: "--field NAME",
      description: "JSON field of the text (default text, else content)",
    },
    config: { type: "string", help: "  --config C --split S   which files of a hf: dataset" },
    split: { type: "string" },
    parallel: {
      type: "string",
      default: "8",
      label: "--parallel N",
      description: "draws (Range requests) in flight (default {default})",
    },
    workers: {
      type: "string",
      default: String(defaultWorkers()),
      label: "--workers N",
      description: "worker threads for counting (default {default})",
    },
    encoding: {
      type: "string",
      default: "auto",
      enum: ENCODINGS,
      label: "--encoding NAME",
      description: `utf-8 | shift_jis | euc-jp | auto (default: as census count); a file that is not
UTF-8 is streamed, since random offsets cut bytes, not characters`,
    },
    save: { type: "boolean", default: false, help: SAVE_OPTIONS_HELP },
    entry: { type: "string" },
    covers: { type: "string" },
    catalog: { type: "string" },
    json: {
      type: "boolean",
      default: false,
      label: "--json",
      description: 'print {"estimate": {...}, "io": {...}, "method": ...}',
    },
  },
  positionals: true,
  column: 20,
  run: ({ values, positionals }, out) => estimateCommand(values, positionals, out),
});

interface EstimateValues {
  sample?: string;
  seed: string;
  tokenizer?: string[];
  format?: Format;
  field?: string;
  config?: string;
  split?: string;
  parallel: string;
  workers: string;
  encoding: (typeof ENCODINGS)[number];
  save: boolean;
  entry?: string;
  covers?: string;
  catalog?: string;
  json: boolean;
}

async function estimateCommand(values: EstimateValues, positionals: string[], out: Output): Promise<number> {
  if (positionals.length === 0)
    throw new UsageError("census estimate needs an input (file, URL, shards, directory, glob, hf:ORG/NAME or -)");
  const fraction = Number(values.sample);
  if (values.sample === undefined || !Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
    throw new UsageError(
      `--sample: expected a fraction in (0, 1] such as 0.05, got ${values.sample === undefined ? "nothing" : `"${values.sample}"`}`,
    );
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed: expected a whole number, got "${values.seed}"`);
  const parallel = positiveInteger("parallel", values.parallel)!;
  // Capped at 2 per core (a sample's size is not known before it is drawn).
  const workers = capWorkers(positiveInteger("workers", values.workers)!, undefined).workers;
  // --format and --encoding were checked against their enums as the arguments were parsed.
  const { format, encoding } = values;
  const save = parseSaveOptions(values, out);
  const specs = await resolveAll(values.tokenizer);
  const ids = specs.map((s) => s.id);
  const readOptions = { format, field: values.field, wikitext: "plain" as const, encoding, onError: "fail" as const };
  const status = statusLine();
  const started = Date.now();
  let documentsCounted = 0;
  const showStatus = (what: string) =>
    status?.set(redactCredentials(`estimate: ${what}, ${Math.round((Date.now() - started) / 1000)} s`));

  // What expanding the inputs noted: names merged (one file reached twice), Hugging Face cache folders, symlink cycles.
  const inputNotes: string[] = [];
  const expandNoting = async (names: string[]) => {
    const expansion = await expandInputList(names);
    inputNotes.push(...expansion.notes, ...describeMerged(expansion.merged));
    return expansion.inputs;
  };
  let result: SampleEstimate & { sampledShards?: string[]; resumedShards?: number };
  let inputs: { name: string; bytes: number | null; identity: string | null }[];
  /** Whether the input's size is that of uncompressed text (comparable with the catalog's bytes); null when unknown. */
  let uncompressed: boolean | null = null;
  const countWhole = async (shard: Shard) => {
    showStatus(`counting shard ${shard.name}`);
    const counted = await countInputs([shard.url ?? shard.name], {
      ...readOptions,
      tokenizers: specs,
      morphemes: false,
      workers,
    });
    const r = counted.inputs[0]!;
    if (!r.complete)
      throw new Error(`shard ${shard.name} failed mid-way: ${r.error}; the estimate cannot use a partial shard`);
    return {
      documents: r.counts.documents,
      tokens: r.counts.tokens,
      bytesRead: r.counts.inputBytes,
      textBytes: r.counts.bytes,
      characters: r.counts.chars,
    };
  };
  // Counted shards are kept, so an interrupted estimate resumes (see shard-cache.ts).
  const shardCounter = resumableShardCounter(countWhole, { tokenizers: specs, format, field: values.field });

  if (fraction === 1) {
    // The whole sample is the whole corpus: count it, once, exactly.
    let names: string[];
    if (positionals.length === 1 && positionals[0]!.startsWith("hf:")) {
      checkHubNames(positionals, "");
      const listing = await listHubDataset(positionals[0]!.slice(3), { config: values.config, split: values.split });
      names = listing.shards.map((s) => s.url!);
    } else {
      names = positionals.length === 1 && positionals[0] === "-" ? ["-"] : await expandNoting(positionals);
    }
    showStatus("counting every document (--sample 1)");
    let counted;
    try {
      counted = await countInputs(names, { ...readOptions, tokenizers: specs, morphemes: false, workers });
    } finally {
      status?.done();
    }
    const failed = counted.inputs.find((r) => !r.complete);
    if (failed)
      throw new Error(
        `${failed.error ?? `${failed.input}: incomplete`}; --sample 1 counts every document, so a partial count is no estimate`,
      );
    result = exactCount(counted.total, ids);
    for (const r of counted.inputs) {
      if (r.encodingDetected && r.encoding)
        result.notes.push(
          `${counted.inputs.length > 1 ? `${r.input}: ` : ""}read as ${ENCODING_LABELS[r.encoding]}, detected: ${r.encodingDetected}; --encoding ${r.encoding} says so`,
        );
    }
    result.notes.push(...(counted.notes ?? []));
    inputs = counted.inputs.map((r) => ({
      name: r.input,
      bytes: r.input === "-" ? null : r.counts.inputBytes,
      identity: null,
    }));
    uncompressed = counted.inputs.every((r) => r.compression === "none");
  } else if (positionals.length === 1 && positionals[0]!.startsWith("hf:")) {
    checkHubNames(positionals, "");
    const repo = positionals[0]!.slice(3);
    const listing = await listHubDataset(repo, { config: values.config, split: values.split });
    result = await estimateShardsBySampling(listing.shards, shardCounter.count, { fraction, seed, tokenizers: ids });
    result.resumedShards = shardCounter.resumed();
    inputs = listing.shards.map((s) => ({ name: s.name, bytes: s.bytes, identity: null }));
  } else {
    const names = positionals.length === 1 && positionals[0] === "-" ? ["-"] : await expandNoting(positionals);
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
          const source: RandomAccessSource = /^https?:\/\//i.test(name)
            ? await HttpRangeSource.open(name, {}, parallel)
            : await LocalFileSource.open(name);
          try {
            const sniffed = await sniffRandomAccess(source);
            const chosen = format ?? sniffed.format;
            uncompressed = !sniffed.compressed;
            const textEncoding: TextEncodingName = encoding === "auto" ? sniffed.encoding.encoding : encoding;
            if (sniffed.compressed || textEncoding !== "utf-8" || !["text", "lines", "jsonl"].includes(chosen)) {
              result = await estimateStreamBySampling(name, counter, {
                ...readOptions,
                encoding: textEncoding,
                fraction,
                seed,
              });
              if (encoding === "auto" && sniffed.encoding.evidence) {
                result.notes.unshift(
                  `read as ${ENCODING_LABELS[textEncoding]}, detected: ${sniffed.encoding.evidence}; --encoding ${textEncoding} says so`,
                );
              }
            } else {
              result = await estimateFileBySampling(source, counter, {
                format: chosen as "text" | "lines" | "jsonl",
                field: values.field,
                fraction,
                seed,
                parallel,
              });
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
  result.notes.unshift(...inputNotes);
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
        redactJson({
          ...(save.entry ? { entryId: save.entry.id } : {}),
          inputs,
          method: result.method,
          sampleFraction: fraction,
          seed,
          estimate: result.estimate,
          io: result.io,
          coverage,
          notes: [...result.notes, ...checkNotes],
        }),
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
    out.stdout(
      JSON.stringify(
        {
          ...result,
          sampleFraction: fraction,
          seed,
          tokenizers: specs,
          tool: { name: "corpus-census", version: TOOL_VERSION },
        },
        null,
        2,
      ),
    );
    return finish();
  }
  const n = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "∞");
  // A count of every document has no interval to show.
  const exact = fraction === 1;
  const rows = [
    { what: "documents", ...result.estimate.documents },
    ...ids.map((id) => ({ what: `tokens ${id}`, ...result.estimate.tokens[id]! })),
  ];
  out.stdout(
    [
      renderTable(rows, [
        { header: "", value: (r) => r.what },
        { header: "estimate", value: (r) => n(r.value), align: "right" },
        ...(exact
          ? []
          : [
              {
                header: "95% interval",
                value: (r: (typeof rows)[number]) => `${n(r.low)} – ${n(r.high)}`,
                align: "right" as const,
              },
            ]),
      ]),
      "",
      `Method: ${result.method}.`,
      `Read ${n(result.io.bytesRead)} bytes${result.io.totalBytes ? ` of ${n(result.io.totalBytes)} (${((100 * result.io.bytesRead) / result.io.totalBytes).toFixed(1)}%)` : ""}; sample fraction ${fraction}, seed ${seed}.`,
      ...(result.resumedShards
        ? [`Resumed: ${result.resumedShards} shard(s) counted by an earlier run were not read again.`]
        : []),
      ...result.notes.map((note) => `Note: ${note}`),
    ].join("\n"),
  );
  return finish();
}

/** The result of counting every document: each figure exact, its interval a point. */
function exactCount(total: Counts, ids: string[]): SampleEstimate {
  const exact = (n: number) => ({ value: n, low: n, high: n });
  return {
    estimate: {
      documents: exact(total.documents),
      tokens: Object.fromEntries(ids.map((id) => [id, exact(total.tokens[id] ?? 0)])),
    },
    io: { bytesRead: total.inputBytes, totalBytes: total.inputBytes },
    text: { bytes: exact(total.bytes), characters: exact(total.chars) },
    method: "counted whole (--sample 1: every document read once and counted, as census count does)",
    draws: 0,
    notes: [],
  };
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
