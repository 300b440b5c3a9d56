import type { TextChunk } from "../formats/text-chunks.js";
import type { TokenizerSpec } from "@corpus-census/tokenizers";
import type { CounterModel, PieceCacheMemory } from "@corpus-census/tokenizers/internal";

/** What CountPool.start is given. */
export interface WorkerSetup {
  specs: TokenizerSpec[];
  morphemes: boolean;
  /** A few MB at most will be counted: the piece caches' memory is not touched in advance (it costs start-up time). */
  smallInput?: boolean;
}

/** A worker that reads the tokenizers' files once, replies with their models in shared memory, and ends. */
export interface LoaderData {
  role: "load";
  specs: TokenizerSpec[];
}

/** A counting worker: it builds its counters from the shared models, on the shared piece caches. */
export interface CounterData {
  role: "count";
  models: CounterModel[];
  /** Per model, the memory of the piece cache all workers share (none for a model without one). */
  caches: (PieceCacheMemory | undefined)[];
  morphemes: boolean;
}

/** Per model, the piece cache memory to use from now on (a full table replaced with an empty one). */
export interface CacheRenewal {
  caches: (PieceCacheMemory | undefined)[];
  /** The counters' own caches are emptied too (TokenCounter.forget). */
  forget: boolean;
}

/** Documents to count, or a chunk of text or lines input that the worker splits into documents itself. */
export type BatchRequest =
  | {
      id: number;
      documents: string[];
      /** Also return each document's counts (for calibration and sampling), not only the sums. */
      perDocument?: boolean;
    }
  | { id: number; chunk: Pick<TextChunk, "bytes" | "format" | "continues" | "open"> };

/** One document's counts; tokens in the order of the worker's tokenizers. */
export interface DocumentCounts {
  bytes: number;
  chars: number;
  whitespaceWords: number;
  tokens: number[];
  morphemes?: number;
}

/** The counts of one batch: sums over its documents. */
export interface BatchResult {
  id: number;
  /** For a chunk, the documents that ended in it (only the worker sees them); a batch of documents leaves it out. */
  documents?: number;
  /** Invalid UTF-8 sequences in a chunk, which the worker decoded. */
  invalidUtf8?: number;
  bytes: number;
  chars: number;
  whitespaceWords: number;
  tokens: Record<string, number>;
  morphemes?: number;
  perDocument?: DocumentCounts[];
}

/** `segmentable`: whether documents may be cut for every tokenizer of the worker (segmentable.ts). */
export type WorkerReply =
  | { type: "loaded"; models: CounterModel[]; segmentable: boolean }
  | { type: "ready" }
  | { type: "result"; result: BatchResult }
  | { type: "error"; id?: number; message: string };
