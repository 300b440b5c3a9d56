// The part of the WebAssembly JavaScript API that the WebAssembly counters use: Node 20 has all of it,
// but its type definitions (@types/node 20) leave it to the DOM library, which this project does not load.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, never>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
}
