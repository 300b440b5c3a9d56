import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer, type TokenizerSpec } from "@corpus-census/tokenizers";
import { counterFromModel, loadModel } from "@corpus-census/tokenizers/internal";
import { modelCacheDir, readCachedModel, writeCachedModel } from "../src/cache/model-cache.js";
import { categoryOperand } from "../src/text/unicode-categories.js";
import { realTextDocuments } from "../../../test/helpers/samples.js";

/** Built tables kept on disk: read back they count as the tables built from the files; a damaged file is never used. */
describe("the model cache", () => {
  let previous: string | undefined;
  let dir: string;
  let spec: TokenizerSpec;
  beforeAll(async () => {
    previous = process.env.CENSUS_CACHE_DIR;
    dir = mkdtempSync(join(tmpdir(), "census-model-cache-"));
    process.env.CENSUS_CACHE_DIR = dir;
    spec = await resolveTokenizer("r50k_base");
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.CENSUS_CACHE_DIR;
    else process.env.CENSUS_CACHE_DIR = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  const onlyFile = () => {
    const files = readdirSync(modelCacheDir()).filter((f) => f.endsWith(".model"));
    expect(files).toHaveLength(1);
    return join(modelCacheDir(), files[0]!);
  };

  it("reads back, in shared memory, a model that counts as the one built from the files", { timeout: 60_000 }, () => {
    expect(readCachedModel(spec)).toBeUndefined();
    const built = loadModel(spec);
    writeCachedModel(spec, built.model, built.segmentable);
    // A second writer of the same model (another run at the same time) leaves one whole file.
    writeCachedModel(spec, built.model, built.segmentable);
    onlyFile();
    expect(readdirSync(modelCacheDir()).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const cached = readCachedModel(spec)!;
    expect(cached.segmentable).toBe(built.segmentable);
    const arrays: ArrayBufferView[] = [];
    const collect = (value: unknown): void => {
      if (ArrayBuffer.isView(value)) arrays.push(value);
      else if (value !== null && typeof value === "object") Object.values(value).forEach(collect);
    };
    collect(cached.model);
    expect(arrays.length).toBeGreaterThan(0);
    expect(arrays.every((a) => a.buffer instanceof SharedArrayBuffer)).toBe(true);
    const direct = createCounter(spec);
    const fromCache = counterFromModel(cached.model);
    for (const text of realTextDocuments().slice(0, 60)) expect(fromCache.count(text)).toBe(direct.count(text));
  });

  it("is not used for another tokenizer, nor when damaged or cut short", async () => {
    expect(readCachedModel(await resolveTokenizer("cl100k_base"))).toBeUndefined();
    const file = onlyFile();
    const whole = readFileSync(file);
    const flipped = Buffer.from(whole);
    flipped[flipped.length - 100] ^= 0x40;
    writeFileSync(file, flipped);
    expect(readCachedModel(spec)).toBeUndefined();
    writeFileSync(file, whole.subarray(0, whole.length - 8));
    expect(readCachedModel(spec)).toBeUndefined();
    writeFileSync(file, "not a model");
    expect(readCachedModel(spec)).toBeUndefined();
    writeFileSync(file, whole);
    expect(readCachedModel(spec)).toBeDefined();
  });

  it("keeps the Unicode category operands it computed, for the next run", () => {
    const operand = categoryOperand("16.0.0", "Lu");
    const stores = readdirSync(join(dir, "unicode"));
    expect(stores).toHaveLength(1);
    const stored = JSON.parse(readFileSync(join(dir, "unicode", stores[0]!), "utf8")) as Record<string, string>;
    expect(Object.values(stored)).toContain(operand);
    expect(new RegExp(`^${operand}$`, "v").test("A")).toBe(true);
  });
});
