// The public API of @corpus-census/count, by name: corpus input, formats, the worker pool, shards.
// Counting a corpus
export {
  countInputs,
  defaultWorkers,
  SEGMENT_BYTES,
  type CountOptions,
  type CountResult,
  type InputResult,
  type Progress,
} from "./count-inputs.js";
export type { Counts } from "./counts.js";
export { textStats } from "./text-stats.js";
export { CountPool } from "./workers/pool.js";
export type { DocumentCounts } from "./workers/messages.js";
// Reading inputs: files, globs, URLs, hf: datasets; compression, encodings, formats
export { describeMerged, expandInputList, expandInputs, type MergedInput } from "./input/expand.js";
export { openInput } from "./input/open.js";
export { peek } from "./input/byte-source.js";
export { decompress } from "./input/decompress.js";
export type { EncodingOption, TextEncodingName } from "./input/decode.js";
export { ENCODING_LABELS, guessEncoding, type EncodingGuess } from "./input/detect-encoding.js";
export { FORMATS, sniffFormat, type Format } from "./formats/detect.js";
export { pickField } from "./formats/jsonl.js";
export { RecordError } from "./formats/record-error.js";
export { TextChunker } from "./formats/text-chunks.js";
export { openDocuments, type DocumentRange, type ReadOptions, type ReadTally } from "./reader.js";
// Shards: one deterministic share of a count, and the merge of their result files
export { parseShardSpec, ShardSpecError } from "./shards/shard-spec.js";
export { planShards } from "./shards/plan.js";
export type { CuttableFormat } from "./shards/boundary-cut.js";
export { countShard } from "./shards/count-shard.js";
export { findShardFiles, MergeError, mergeShardFiles } from "./shards/merge.js";
// Binary input refused; workers capped by cores and input size
export { binaryWindowReason } from "./input/binary-guard.js";
export { capWorkers, MIN_BYTES_PER_WORKER, WORKERS_PER_CORE } from "./workers/cap.js";
