import { parentPort, workerData } from "node:worker_threads";
import { createMorphemeCounter } from "../morphemes.js";
import {
  counterFromModel,
  loadModel,
  PieceCache,
  readCachedModel,
  shareModel,
  writeCachedModel,
} from "@corpus-census/tokenizers/internal";
import { countBatch, countChunk } from "./count-batch.js";
import type { BatchRequest, CacheRenewal, CounterData, LoaderData, WorkerReply } from "./messages.js";

const data = workerData as LoaderData | CounterData;
const port = parentPort!;
const send = (reply: WorkerReply) => port.postMessage(reply);

try {
  if (data.role === "load") {
    // Parsing tokenizer files takes far more memory than the tables they become; it happens in
    // this short-lived thread, whose heap goes when it ends, and only once for all workers.
    const loaded = data.specs.map((spec) => {
      // Looked up here too: a caller running the TypeScript sources (tests) has another code hash than this compiled worker.
      const cached = readCachedModel(spec);
      if (cached) return cached;
      const built = loadModel(spec);
      writeCachedModel(spec, built.model, built.segmentable);
      return built;
    });
    send({
      type: "loaded",
      models: loaded.map((l) => shareModel(l.model)),
      segmentable: loaded.every((l) => l.segmentable),
    });
  } else {
    const caches = data.caches.map((memory) => memory && new PieceCache(memory));
    const counters = data.models.map((model, i) => counterFromModel(model, caches[i]));
    const morphemes = data.morphemes ? await createMorphemeCounter() : undefined;
    port.on("message", (request: BatchRequest | CacheRenewal) => {
      if (!("id" in request)) {
        request.caches.forEach((memory, i) => memory && caches[i]?.use(memory));
        if (request.forget) for (const counter of counters) counter.forget?.();
        return;
      }
      try {
        const result =
          "chunk" in request
            ? countChunk(request.id, request.chunk, counters, morphemes)
            : countBatch(request.id, request.documents, counters, morphemes, request.perDocument);
        send({ type: "result", result });
      } catch (error) {
        send({ type: "error", id: request.id, message: (error as Error).message });
      }
    });
    send({ type: "ready" });
  }
} catch (error) {
  send({ type: "error", message: (error as Error).message });
}
