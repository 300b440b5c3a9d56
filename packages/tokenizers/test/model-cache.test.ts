import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer, type TokenizerSpec } from "@corpus-census/tokenizers";
import { counterFromModel, loadModel } from "@corpus-census/tokenizers/internal";
import { modelCacheDir, modelCacheEntries, readCachedModel, writeCachedModel } from "../src/cache/model-cache.js";
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

  it("stays under CENSUS_MODEL_CACHE_MB, least recently used out first, other versions' models after an hour unused", () => {
    const built = loadModel(spec);
    const ours = onlyFile();
    const size = statSync(ours).size;
    const version = ours.slice(ours.lastIndexOf("/") + 1).split("-")[0]!;
    const now = Date.now();
    const fake = (name: string, hoursAgo: number) => {
      const file = join(modelCacheDir(), name);
      writeFileSync(file, Buffer.alloc(1_000_000));
      const at = new Date(now - hoursAgo * 3_600_000);
      utimesSync(file, at, at);
      return name;
    };
    const oldest = fake(`${version}-${"a".repeat(32)}.model`, 3);
    const older = fake(`${version}-${"b".repeat(32)}.model`, 2);
    const old = fake(`${version}-${"c".repeat(32)}.model`, 1);
    const otherStale = fake(`${"0".repeat(16)}-${"d".repeat(32)}.model`, 2);
    const otherRecent = fake(`${"0".repeat(16)}-${"e".repeat(32)}.model`, 0.2);
    const leftover = fake(`${version}-${"f".repeat(32)}.model.1.x.tmp`, 2);
    // Reading a model marks it used: it is the newest, and the last to go.
    utimesSync(ours, new Date(now - 5 * 3_600_000), new Date(now - 5 * 3_600_000));
    expect(readCachedModel(spec)).toBeDefined();
    expect(statSync(ours).mtimeMs).toBeGreaterThan(now - 60_000);
    const previousCap = process.env.CENSUS_MODEL_CACHE_MB;
    process.env.CENSUS_MODEL_CACHE_MB = String((size + 2_500_000) / 1e6);
    try {
      writeCachedModel(spec, built.model, built.segmentable);
    } finally {
      if (previousCap === undefined) delete process.env.CENSUS_MODEL_CACHE_MB;
      else process.env.CENSUS_MODEL_CACHE_MB = previousCap;
    }
    const left = readdirSync(modelCacheDir()).sort();
    // The other version's stale model and the killed writer's file go first; then, oldest use
    // first, until under the cap: size + 2.5 MB keeps ours and two 1 MB models.
    expect(left).not.toContain(otherStale);
    expect(left).not.toContain(leftover);
    expect(left).not.toContain(oldest);
    expect(left).not.toContain(older);
    expect(left).toEqual([old, otherRecent, ours.slice(ours.lastIndexOf("/") + 1)].sort());
    expect(modelCacheEntries().reduce((sum, e) => sum + e.bytes, 0)).toBeLessThanOrEqual(size + 2_500_000);
    expect(readCachedModel(spec)).toBeDefined();
    for (const name of [old, otherRecent]) rmSync(join(modelCacheDir(), name));
  });

  it("keys a model by its files' metadata: a file rewritten with its old mtime is caught by its ctime", async () => {
    const copy = join(dir, "tokenizer.json");
    const bytes = readFileSync(join(import.meta.dirname, "../../../test/fixtures/tokenizers/unigram-metaspace.json"));
    writeFileSync(copy, bytes);
    const fixed = new Date(1_700_000_000_000);
    utimesSync(copy, fixed, fixed);
    const fileSpec = await resolveTokenizer(`file:${copy}`);
    const built = loadModel(fileSpec);
    writeCachedModel(fileSpec, built.model, built.segmentable);
    expect(readCachedModel(fileSpec)).toBeDefined();
    // The same bytes written again, the mtime set back (as cp -p or touch -r would): the ctime moved.
    const before = statSync(copy, { bigint: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(copy, bytes);
    utimesSync(copy, fixed, fixed);
    const after = statSync(copy, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    expect(after.ctimeNs).not.toBe(before.ctimeNs);
    expect(readCachedModel(fileSpec)).toBeUndefined();
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
