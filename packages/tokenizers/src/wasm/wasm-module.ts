import { readFileSync } from "node:fs";

/** The modules of packages/tokenizers/wasm/, built from their .c files by scripts/build-wasm.sh. */
type ModuleName = "byte-bpe" | "unigram-viterbi";

/** What every module exports (wasm/wasm-memory.h): its memory, and a bump allocator in it (0: no memory). */
export interface WasmMemoryExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
}

/**
 * Whether the counters use the WebAssembly modules: unless CENSUS_WASM=0 in the environment
 * (the TypeScript counters for every model, to compare the two or to step around the modules).
 */
export function wasmEnabled(): boolean {
  return process.env.CENSUS_WASM !== "0";
}

const compiled = new Map<ModuleName, WebAssembly.Module>();

/** A new instance of wasm/NAME.wasm, with memory of its own; each module is compiled once per thread. */
export function instantiate<T extends WasmMemoryExports>(name: ModuleName): T {
  let module = compiled.get(name);
  if (module === undefined) {
    module = new WebAssembly.Module(readFileSync(new URL(`../../wasm/${name}.wasm`, import.meta.url)));
    compiled.set(name, module);
  }
  return new WebAssembly.Instance(module, {}).exports as unknown as T;
}

/** `bytes` of the module's memory, for `what` (named in the error when memory cannot grow). */
export function allocate(wasm: WasmMemoryExports, bytes: number, what: string): number {
  const at = wasm.alloc(bytes);
  if (at === 0) throw new Error(`${what} could not have ${bytes} bytes of memory`);
  return at;
}

/** A copy of `array` in the module's memory: its address. */
export function copyInto(wasm: WasmMemoryExports, array: ArrayBufferView, what: string): number {
  const at = allocate(wasm, array.byteLength, what);
  new Uint8Array(wasm.memory.buffer, at, array.byteLength).set(
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
  );
  return at;
}
