import { counterFromModel, loadModel } from "@corpus-census/tokenizers/internal";
import type { TokenCounter } from "../../src/token-counter.js";
import type { TokenizerSpec } from "../../src/tokenizer-spec.js";

/** The same model's counter in TypeScript (built under CENSUS_WASM=0) and with the WebAssembly modules. */
export function tsAndWasmCounters(spec: TokenizerSpec): { ts: TokenCounter; wasm: TokenCounter } {
  const { model } = loadModel(spec);
  const wasm = counterFromModel(model);
  process.env.CENSUS_WASM = "0";
  try {
    return { ts: counterFromModel(model), wasm };
  } finally {
    delete process.env.CENSUS_WASM;
  }
}
