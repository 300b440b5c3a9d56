import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The WebAssembly modules are committed built; .ci/run builds them again and compares the bytes.
describe.each(["byte-bpe", "unigram-viterbi"])("the committed %s.wasm", (name) => {
  it("was built from the committed source (scripts/build-wasm.sh records the source's SHA-256)", () => {
    // The module's own source, then the header every module includes.
    const source = Buffer.concat([
      readFileSync(new URL(`../wasm/${name}.c`, import.meta.url)),
      readFileSync(new URL("../wasm/wasm-memory.h", import.meta.url)),
    ]);
    const recorded = readFileSync(new URL(`../wasm/${name}.c.sha256`, import.meta.url), "utf8").trim();
    expect(recorded).toBe(createHash("sha256").update(source).digest("hex"));
  });
});
