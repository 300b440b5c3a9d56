import { parentPort, workerData } from "node:worker_threads";
import { createMorphemeCounter } from "../morphemes.js";
import { loadTokenizer } from "../tokenizers/spec.js";
import { countBatch } from "./count-batch.js";
import type { BatchRequest, WorkerReply, WorkerSetup } from "./messages.js";

const setup = workerData as WorkerSetup;
const port = parentPort!;
const send = (reply: WorkerReply) => port.postMessage(reply);

try {
  const loaded = setup.specs.map(loadTokenizer);
  const counters = loaded.map((l) => l.counter);
  const morphemes = setup.morphemes ? await createMorphemeCounter() : undefined;
  port.on("message", (request: BatchRequest) => {
    try {
      send({ type: "result", result: countBatch(request.id, request.documents, counters, morphemes, request.perDocument) });
    } catch (error) {
      send({ type: "error", id: request.id, message: (error as Error).message });
    }
  });
  send({ type: "ready", segmentable: loaded.every((l) => l.segmentable) });
} catch (error) {
  send({ type: "error", message: (error as Error).message });
}
