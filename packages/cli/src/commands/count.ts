import { checkHubIds, HubIdError, redactJson } from "@corpus-census/common";
import { positiveInteger } from "../args.js";
import { defineCommand } from "../command-definition.js";
import {
  countInputs,
  countShard,
  parseShardSpec,
  ShardSpecError,
  defaultWorkers,
  ENCODING_LABELS,
  describeMerged,
  expandInputList,
  FORMATS,
  type CountResult,
  type Format,
} from "@corpus-census/count";
import { loadRegistry, resolveTokenizer, UnknownTokenizerError, type TokenizerSpec } from "@corpus-census/tokenizers";
import { progressReporter } from "../progress.js";
import { countJson, renderCountTable, throughputOf } from "../count-output.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";
import { TOOL_VERSION } from "../version.js";
import { SAVE_OPTIONS_HELP } from "../save-options.js";

export const DEFAULT_TOKENIZERS = ["r50k_base", "o200k_base"];

export const ENCODINGS = ["auto", "utf-8", "shift_jis", "euc-jp"] as const;
const WIKITEXT_MODES = ["raw", "plain"] as const;
const ON_ERROR = ["fail", "skip"] as const;

/** hf:ORG/NAME becomes the URLs of the dataset's data files (of --config and --split). */
async function hubInputs(inputs: string[], config: string | undefined, split: string | undefined): Promise<string[]> {
  checkHubNames(inputs, "");
  const out: string[] = [];
  for (const input of inputs) {
    if (!input.startsWith("hf:")) {
      out.push(input);
      continue;
    }
    // Imported here: the estimate package (HTTP client, catalog) would cost every count's start.
    const { listHubDataset } = await import("@corpus-census/estimate");
    const listing = await listHubDataset(input.slice("hf:".length), { config, split });
    out.push(...listing.shards.map((s) => s.url!));
  }
  return out;
}

async function resolveTokenizers(raw: string[] | undefined): Promise<TokenizerSpec[]> {
  const names = (raw ?? DEFAULT_TOKENIZERS)
    .flatMap((r) => r.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  const expanded = names.flatMap((n) => (n === "all" ? loadRegistry().map((e) => e.id) : [n]));
  const unique = [...new Set(expanded)];
  if (unique.length === 0) throw new UsageError("--tokenizer: name at least one tokenizer");
  checkHubNames(unique, "--tokenizer: ");
  const specs: TokenizerSpec[] = [];
  for (const name of unique) {
    try {
      specs.push(await resolveTokenizer(name));
    } catch (error) {
      if (error instanceof UnknownTokenizerError) throw new UsageError(`--tokenizer: ${error.message}`);
      throw error;
    }
  }
  return specs;
}

/** hf: ids are checked before anything is fetched or cached by them (a usage error). */
export function checkHubNames(names: string[], prefix: string): void {
  try {
    checkHubIds(names);
  } catch (error) {
    if (error instanceof HubIdError) throw new UsageError(`${prefix}${error.message}`);
    throw error;
  }
}

export const countDefinition = defineCommand({
  usage: "census count <input...> [options]",
  description: `Exact token counts by real tokenizers over corpus files, streamed in bounded memory.
Inputs: files, directories (every file below), quoted globs ('shards/*.jsonl.zst'),
http(s) URLs, hf:ORG/NAME (a dataset's files; --config, --split), or - for stdin. Compression (gzip, bzip2, xz, zstd) is detected from the
leading bytes; the format from the content unless --format is given.
`,
  options: {
    tokenizer: {
      type: "string",
      multiple: true,
      label: "--tokenizer IDS",
      description: `comma-separated: registry ids (census tokenizers), file:PATH/tokenizer.json,
hf:ORG/NAME, or all (default: ${DEFAULT_TOKENIZERS.join(",")})`,
    },
    format: {
      type: "string",
      enum: FORMATS,
      label: "--format FORMAT",
      description: `${FORMATS.join(" | ")}: text = documents separated by empty lines (CC-100),
lines = one document per non-empty line`,
    },
    field: {
      type: "string",
      label: "--field NAME",
      description: "JSON/Parquet field holding the text (default: text, else content)",
    },
    wikitext: {
      type: "string",
      default: "plain",
      enum: WIKITEXT_MODES,
      label: "--wikitext MODE",
      description: "raw | plain (default {default}: markup stripped) for MediaWiki dumps",
    },
    encoding: {
      type: "string",
      default: "auto",
      enum: ENCODINGS,
      label: "--encoding NAME",
      description: `utf-8 | shift_jis | euc-jp | auto (default: UTF-8, unless the start of an input
is largely invalid UTF-8 and decodes cleanly as Shift_JIS or EUC-JP; then that,
with a note saying so)`,
    },
    morphemes: {
      type: "boolean",
      default: false,
      label: "--morphemes",
      description: "also count Japanese morphemes (kuromoji, IPADIC)",
    },
    workers: {
      type: "string",
      label: "--workers N",
      description: `worker threads (default: ${defaultWorkers()}, the number of cores; one per 4 MiB of a
smaller local input); at most 2 per core, and beyond one per core, one per 256 KiB of input`,
    },
    "on-error": {
      type: "string",
      default: "fail",
      enum: ON_ERROR,
      label: "--on-error MODE",
      description: "fail | skip malformed records and report how many (default {default})",
    },
    json: { type: "boolean", default: false, label: "--json", description: 'print {"total": Counts, "inputs": [...]}' },
    save: { type: "boolean", default: false, help: SAVE_OPTIONS_HELP },
    entry: { type: "string" },
    covers: { type: "string" },
    catalog: { type: "string" },
    config: { type: "string", help: "  --config C --split S  which files of a hf: dataset" },
    split: { type: "string" },
    shard: {
      type: "string",
      help: `
On a cluster (README: "Counting a large corpus on a cluster"):
  --shard K/N         count share K (from 0) of N: inputs sorted and balanced by size; one
                      large uncompressed text/lines/JSON Lines input is cut into byte ranges at
                      document boundaries; a compressed input goes whole to one shard
  --shard auto        K and N from SLURM_ARRAY_TASK_ID/_MIN/_COUNT, or K from
                      JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX with --shards N`,
    },
    shards: {
      type: "string",
      label: "--shards N",
      description: "the number of shards (for --shard auto outside Slurm)",
    },
    out: {
      type: "string",
      label: "--out DIR",
      description: `write the shard's result to DIR/shard-K-of-N.json (atomically) and
checkpoints as it goes; a shard already complete there is not redone,
a killed one resumes; census merge DIR adds the shards`,
    },
    "checkpoint-seconds": {
      type: "string",
      default: "5",
      label: "--checkpoint-seconds S",
      description: "with --out: save progress every S seconds of counting (default {default})",
    },
  },
  positionals: true,
  column: 22,
  run: ({ values, positionals }, out) => countCommand(values, positionals, out),
});

interface CountValues {
  tokenizer?: string[];
  format?: Format;
  field?: string;
  wikitext: (typeof WIKITEXT_MODES)[number];
  encoding: (typeof ENCODINGS)[number];
  morphemes: boolean;
  workers?: string;
  "on-error": (typeof ON_ERROR)[number];
  json: boolean;
  save: boolean;
  entry?: string;
  covers?: string;
  catalog?: string;
  config?: string;
  split?: string;
  shard?: string;
  shards?: string;
  out?: string;
  "checkpoint-seconds": string;
}

async function countCommand(values: CountValues, positionals: string[], out: Output): Promise<number> {
  if (positionals.length === 0)
    throw new UsageError("census count needs at least one input (a file, directory, glob, URL or -)");
  // --format, --wikitext, --encoding and --on-error were checked against their enums as the arguments were parsed.
  const { format, wikitext, encoding, "on-error": onError } = values;
  const workers = positiveInteger("workers", values.workers);
  // The catalog (schema, SQLite) is loaded only by a count that is saved.
  const saving =
    values.save || values.entry !== undefined || values.covers !== undefined
      ? await import("../save-run.js")
      : undefined;
  const save = saving?.parseSaveOptions(values, out);
  // A missing input is reported before any tokenizer is resolved (downloaded) or loaded.
  const expansion = await expandInputList(await hubInputs(positionals, values.config, values.split));
  const inputs = expansion.inputs;
  const expansionNotes = [...expansion.notes, ...describeMerged(expansion.merged)];
  const specs = await resolveTokenizers(values.tokenizer);
  // What a count reads and counts, the same for a whole count and for one shard of it.
  const countOptions = (progress: ReturnType<typeof progressReporter>) => ({
    tokenizers: specs,
    morphemes: values.morphemes!,
    workers,
    format,
    field: values.field,
    wikitext,
    encoding,
    onError,
    onProgress: progress?.update,
  });
  if (values.shard !== undefined || values.out !== undefined || values.shards !== undefined) {
    if (values.save) throw new UsageError("--save records a whole count; merge the shards (census merge DIR) first");
    const shards = positiveInteger("shards", values.shards);
    const checkpointSeconds = Number(values["checkpoint-seconds"]);
    if (!Number.isFinite(checkpointSeconds) || checkpointSeconds <= 0)
      throw new UsageError(
        `--checkpoint-seconds: expected a number of seconds > 0, got "${values["checkpoint-seconds"]}"`,
      );
    let shard;
    try {
      shard = parseShardSpec(values.shard ?? "0/1", shards);
    } catch (error) {
      if (error instanceof ShardSpecError) throw new UsageError(error.message);
      throw error;
    }
    const progress = progressReporter();
    let outcome;
    try {
      outcome = await countShard(inputs, {
        ...countOptions(progress),
        shard,
        outDir: values.out,
        checkpointMs: checkpointSeconds * 1000,
        tool: { name: "corpus-census", version: TOOL_VERSION },
      });
    } finally {
      progress?.done();
    }
    const label = `shard ${shard.index}/${shard.count} of job ${outcome.result.jobId}`;
    for (const note of expansionNotes) out.stderr(`census count: ${note}`);
    if (outcome.done === "before") {
      out.stderr(`census count: ${label} is already complete in ${outcome.path}; not counted again`);
      return 0;
    }
    const result: CountResult = {
      total: outcome.result.total,
      inputs: outcome.result.items,
      segmentBytes: outcome.result.segmentBytes,
    };
    if (values.json) out.stdout(JSON.stringify(outcome.result, null, 2));
    else
      out.stdout(
        `${label} (${shard.source}): ${outcome.items.length} item(s)\n${renderCountTable(result, specs, values.morphemes!)}`,
      );
    for (const r of result.inputs) if (r.error) out.stderr(`census count: ${r.error}`);
    const resumed = outcome.result.resumed;
    if (resumed)
      out.stderr(
        `census count: ${label} resumed from its checkpoint (${resumed.items} item(s) done, then ${resumed.offset.toLocaleString("en-US")} bytes into the next)`,
      );
    if (outcome.path)
      out.stderr(
        `census count: ${label} ${outcome.result.complete ? "complete" : "INCOMPLETE"}: wrote ${outcome.path}`,
      );
    return outcome.result.complete ? 0 : 1;
  }
  const progress = progressReporter();
  let result: CountResult;
  try {
    result = await countInputs(inputs, countOptions(progress));
  } finally {
    progress?.done();
  }
  if (expansionNotes.length > 0) result.notes = [...expansionNotes, ...(result.notes ?? [])];
  if (expansion.merged.length > 0) result.merged = expansion.merged;
  const throughput = throughputOf(result);
  if (values.json) {
    const { workers: _, ...speed } = throughput;
    const json = countJson(result, specs, { name: "corpus-census", version: TOOL_VERSION });
    out.stdout(
      JSON.stringify(
        {
          ...json,
          throughput: {
            ...speed,
            covers: "input bytes read per second of wall time, from the process's start to the end of the count",
          },
        },
        null,
        2,
      ),
    );
  } else {
    out.stdout(renderCountTable(result, specs, values.morphemes!, throughput));
  }
  for (const r of result.inputs) {
    if (r.error) out.stderr(`census count: ${r.error}`);
    if (r.encodingDetected && r.encoding && values.json)
      out.stderr(`census count: ${r.input}: read as ${ENCODING_LABELS[r.encoding]} (detected; --encoding to choose)`);
  }
  let refused = false;
  if (save && saving) {
    const { checkAgainstCatalog, saveRun, savedRunUse, SaveRefused } = saving;
    if (!result.inputs.every((r) => r.complete)) {
      out.stderr("census count: not saved: an input is incomplete, and a partial count is not a count of the corpus");
    } else {
      const exact = (n: number) => ({ value: n, low: n, high: n });
      const t = result.total;
      const coverage = {
        covers: save.covers,
        inputBytes: t.inputBytes,
        uncompressed: null,
        documents: t.documents,
        textBytes: t.bytes,
        characters: t.chars,
      };
      try {
        const checkNotes = checkAgainstCatalog(coverage, save.entry);
        const file = saveRun(
          redactJson({
            ...(save.entry ? { entryId: save.entry.id } : {}),
            inputs: result.inputs.map((r) => ({ name: r.input, bytes: r.counts.inputBytes, identity: null })),
            method: "counted whole",
            sampleFraction: 1,
            seed: 0,
            estimate: {
              documents: exact(t.documents),
              tokens: Object.fromEntries(Object.entries(t.tokens).map(([id, n]) => [id, exact(n)])),
            },
            io: { bytesRead: t.inputBytes, totalBytes: t.inputBytes },
            coverage,
            notes: checkNotes,
          }),
          values.catalog,
        );
        out.stderr(`saved ${file}: ${savedRunUse(coverage, save.entry)}`);
      } catch (error) {
        if (!(error instanceof SaveRefused)) throw error;
        out.stderr(`census count: ${error.message}`);
        refused = true;
      }
    }
  }
  if (refused) return 1;
  return result.inputs.every((r) => r.complete) ? 0 : 1;
}
