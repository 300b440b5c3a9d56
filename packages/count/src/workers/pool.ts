import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import type { CounterDescription } from "@corpus-census/tokenizers";
import {
  counterFromModel,
  describeModel,
  hasPieceCache,
  PieceCache,
  readCachedModel,
  type CounterModel,
  type PieceCacheMemory,
} from "@corpus-census/tokenizers/internal";
import type { TextChunk } from "../formats/text-chunks.js";
import { createMorphemeCounter, type MorphemeCounter } from "../morphemes.js";
import { countBatch, countChunk } from "./count-batch.js";
import type { TokenCounter } from "@corpus-census/tokenizers";
import type {
  BatchRequest,
  BatchResult,
  CacheRenewal,
  CounterData,
  LoaderData,
  WorkerReply,
  WorkerSetup,
} from "./messages.js";

/** The compiled worker script; tests run the TypeScript sources, the worker always runs from dist. */
function workerScript(): URL {
  const here = import.meta.url;
  return here.endsWith(".ts")
    ? new URL("../../dist/workers/count-worker.js", here)
    : new URL("./count-worker.js", here);
}

const YOUNG_GENERATION_MB = 16;

interface Pending {
  resolve: (result: BatchResult) => void;
  reject: (error: Error) => void;
}

/** Worker threads that count batches of documents; results are sums, so order does not matter. */
export class CountPool {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Per model, the memory of the piece cache the workers share. */
  private caches: (PieceCacheMemory | undefined)[] = [];
  private failure: Error | undefined;
  /** How many times a full piece cache table was replaced with an empty one. */
  cacheRenewals = 0;
  /** Whether long documents may be cut for every tokenizer: the workers found out while loading them. */
  segmentable = true;
  /** Which implementation counts each tokenizer (in the order of the specs), and why. */
  counters: CounterDescription[] = [];
  /** With no worker (size 0): the counters on this thread, and their piece caches. */
  private local:
    | { counters: TokenCounter[]; caches: (PieceCache | undefined)[]; morphemes?: MorphemeCounter }
    | undefined;

  private constructor(readonly size: number) {}

  /**
   * Reads the tokenizers once (in a thread of its own), then starts `size` workers that share
   * what it built; size 0 counts on this thread instead, for an input smaller than a chunk,
   * which a worker's start (its own engine, modules and counters) would only delay.
   */
  static async start(size: number, setup: WorkerSetup): Promise<CountPool> {
    const pool = new CountPool(size);
    const { models, segmentable } = await loadModels(setup);
    pool.segmentable = segmentable;
    pool.counters = models.map(describeModel);
    pool.caches = models.map((model) => (hasPieceCache(model) ? PieceCache.memory(!setup.smallInput) : undefined));
    if (size === 0) {
      const caches = pool.caches.map((memory) => memory && new PieceCache(memory));
      pool.local = {
        counters: models.map((model, i) => counterFromModel(model, caches[i])),
        caches,
        morphemes: setup.morphemes ? await createMorphemeCounter() : undefined,
      };
      return pool;
    }
    const data: CounterData = { role: "count", models, caches: pool.caches, morphemes: setup.morphemes };
    // With a worker on every core, V8's background compiler has no core of its own: a function
    // waits in slow code until it gets one. Those workers optimise on their own threads instead
    // (V8 reads the flag when it creates a thread's engine, so it is set back once they run).
    // Measured on 2 MB of English they had never seen, 2 workers: 23–25 -> 30 MB/s, CPU per MB
    // 0.077–0.085 -> 0.064–0.066 s; no change once a run is warm.
    const compileInWorkers =
      size >= availableParallelism() && !process.execArgv.includes("--no-concurrent-recompilation");
    if (compileInWorkers) setFlagsFromString("--no-concurrent-recompilation");
    try {
      await Promise.all(Array.from({ length: size }, (_, i) => pool.spawn(i, data)));
    } finally {
      if (compileInWorkers) setFlagsFromString("--concurrent-recompilation");
    }
    return pool;
  }

  private spawn(index: number, data: CounterData): Promise<void> {
    return new Promise((resolve, reject) => {
      // A young generation of 16 MB rather than V8's default: counting throws away a chunk's
      // text and parts every few ms, and the default let each worker's heap grow ~30 MB more for
      // no speed (102 MB, 3 tokenizers, 2 workers: peak RSS 454 -> 400 MB, time unchanged).
      const worker = new Worker(workerScript(), {
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      });
      this.workers[index] = worker;
      this.load[index] = 0;
      worker.on("message", (reply: WorkerReply) => {
        if (reply.type === "ready") resolve();
        else if (reply.type === "loaded") reject(new Error("a counting worker replied as a loader"));
        else if (reply.type === "result") {
          this.load[index]!--;
          this.renewFullCaches();
          const pending = this.pending.get(reply.result.id);
          this.pending.delete(reply.result.id);
          pending?.resolve(reply.result);
        } else {
          const error = new Error(reply.message);
          if (reply.id === undefined) reject(error);
          else {
            this.load[index]!--;
            this.pending.get(reply.id)?.reject(error);
            this.pending.delete(reply.id);
          }
        }
      });
      worker.on("error", (error) => {
        this.failure = error;
        reject(error);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      });
    });
  }

  /**
   * Gives every worker empty piece caches, shared and the counters' own: the pieces counted so
   * far are forgotten, the compiled code is not (the bench times text no cache has seen with workers already warm).
   */
  emptyCaches(): void {
    this.replaceCaches(
      this.caches.map((memory) => memory && PieceCache.memory()),
      true,
    );
  }

  /**
   * A full table of a piece cache takes no more pieces; no worker may clear it while others read
   * it, so this thread, which made the memory, gives every worker an empty table in its place.
   */
  private renewFullCaches(): void {
    const renewed = this.caches.map((memory) => memory && PieceCache.renewed(memory));
    if (!renewed.some(Boolean)) return;
    this.cacheRenewals++;
    this.replaceCaches(renewed);
  }

  /** Per model, the new memory of its cache (undefined: keep it). Workers take it before their next batch. */
  private replaceCaches(replacements: (PieceCacheMemory | undefined)[], forget = false): void {
    this.caches = this.caches.map((memory, i) => replacements[i] ?? memory);
    this.local?.caches.forEach((cache, i) => replacements[i] && cache?.use(replacements[i]));
    if (forget) for (const counter of this.local?.counters ?? []) counter.forget?.();
    const renewal: CacheRenewal = { caches: replacements, forget };
    for (const worker of this.workers) worker.postMessage(renewal);
  }

  /** Batches waiting in or for a worker. */
  get inFlight(): number {
    return this.pending.size;
  }

  count(documents: string[], perDocument = false): Promise<BatchResult> {
    return this.submit({ id: this.nextId++, documents, perDocument });
  }

  /** Counts a chunk of text or lines input, split into documents in the worker. */
  countChunk(chunk: TextChunk): Promise<BatchResult> {
    // Only what the worker needs (wordJoins stays here); the bytes move to it, not copied.
    return this.submit(
      {
        id: this.nextId++,
        chunk: { bytes: chunk.bytes, format: chunk.format, continues: chunk.continues, open: chunk.open },
      },
      [chunk.bytes.buffer as ArrayBuffer],
    );
  }

  private submit(request: BatchRequest, transfer: ArrayBuffer[] = []): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.local) return this.countHere(request);
    let index = 0;
    for (let i = 1; i < this.size; i++) if (this.load[i]! < this.load[index]!) index = i;
    this.load[index]!++;
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.workers[index]!.postMessage(request, transfer);
    });
  }

  private async countHere(request: BatchRequest): Promise<BatchResult> {
    const { counters, morphemes } = this.local!;
    const result =
      "chunk" in request
        ? countChunk(request.id, request.chunk, counters, morphemes)
        : countBatch(request.id, request.documents, counters, morphemes, request.perDocument);
    this.renewFullCaches();
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The models of the tokenizers: from the model cache (model-cache.ts) when there, else built by the loader thread, which caches them. */
async function loadModels(setup: WorkerSetup): Promise<{ models: CounterModel[]; segmentable: boolean }> {
  const cached = setup.specs.map(readCachedModel);
  const missing = setup.specs.filter((_, i) => !cached[i]);
  const built = missing.length > 0 ? await buildModels(missing) : { models: [], segmentable: true };
  let next = 0;
  const models = cached.map((hit) => hit?.model ?? built.models[next++]!);
  return { models, segmentable: built.segmentable && cached.every((hit) => hit?.segmentable ?? true) };
}

function buildModels(specs: WorkerSetup["specs"]): Promise<{ models: CounterModel[]; segmentable: boolean }> {
  return new Promise((resolve, reject) => {
    const data: LoaderData = { role: "load", specs };
    const loader = new Worker(workerScript(), { workerData: data });
    loader.once("message", (reply: WorkerReply) => {
      if (reply.type === "loaded") resolve(reply);
      else reject(new Error(reply.type === "error" ? reply.message : `the tokenizer loader replied ${reply.type}`));
      void loader.terminate();
    });
    loader.once("error", reject);
    // Ending without a reply (killed, out of memory) must not leave the pool waiting forever.
    loader.once("exit", (code) =>
      reject(new Error(`the tokenizer loader ended (exit code ${code}) before it replied`)),
    );
  });
}
