import * as fs from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";

// Every read of a file through node:fs's readFileSync, by path: the model is built from src, whose
// imports of node:fs this mock replaces.
const reads = vi.hoisted(() => new Map<string, number>());
vi.mock("node:fs", async (importOriginal) => {
  const original = await importOriginal<typeof fs>();
  const readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    reads.set(String(path), (reads.get(String(path)) ?? 0) + 1);
    return (original.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...original, readFileSync, default: { ...original, readFileSync } };
});

const { loadModel } = await import("../src/spec.js");

describe("a Unigram tokenizer.json", () => {
  it("is read once when its model is built, its scores taken from that same text", () => {
    const path = fileURLToPath(new URL("../../../test/fixtures/tokenizers/unigram-metaspace.json", import.meta.url));
    const { model } = loadModel({ kind: "tokenizer.json", id: "unigram-metaspace", path });
    expect(model.kind).toBe("unigram");
    expect(reads.get(path)).toBe(1);
  });
});
