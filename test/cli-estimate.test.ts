import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { startServer, type TestServer } from "./helpers/http-server.js";
import { countFixture as fixture } from "./helpers/samples.js";
import { writeCorpusFile, type CorpusFile } from "./helpers/corpus-file.js";

let copy: CatalogCopy;
let corpus: CorpusFile;

beforeAll(async () => {
  useTemporaryCache();
  copy = new CatalogCopy();
  // The report must come from this test's own calibration, not the shipped one.
  for (const f of readdirSync(join(copy.dir, "measurements"))) rmSync(join(copy.dir, "measurements", f));
  corpus = await writeCorpusFile(3e6);
}, 60_000);
afterAll(() => copy.remove());

/** The calibration this file records, and the tokenizers it measures: the report's conversions come from it. */
const CALIBRATION_ID = "calibration-test";
const CALIBRATED = "r50k_base,o200k_base";

/** census report over this file's catalog copy, converted by its calibration, for `tokenizers`. */
function report(tokenizers: string, ...more: string[]) {
  return census("report", "--catalog", copy.dir, "--calibration", CALIBRATION_ID, "--tokenizer", tokenizers, ...more);
}

/** The report of the calibrated tokenizers as JSON; it must succeed. */
async function reportJson() {
  const { code, stdout } = await report(CALIBRATED, "--json");
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

describe("census calibrate", () => {
  it("records tokens per unit that equal the counter's totals, with intervals, into the catalog", async () => {
    const { code, stdout } = await census(
      "calibrate",
      `${fixture("sample-ja.utf8.txt")}=ja/encyclopedia/lines`,
      `${fixture("sample.jsonl")}=en/web`,
      "--tokenizer",
      CALIBRATED,
      "--replicates",
      "200",
      "--id",
      CALIBRATION_ID,
      "--catalog",
      copy.dir,
    );
    expect(code).toBe(0);
    expect(stdout).toContain("ratios from 2 samples");
    const calibration = JSON.parse(readFileSync(join(copy.dir, "measurements", `${CALIBRATION_ID}.json`), "utf8"));
    const counted = JSON.parse(
      (
        await census(
          "count",
          fixture("sample-ja.utf8.txt"),
          "--format",
          "lines",
          "--morphemes",
          "--tokenizer",
          CALIBRATED,
          "--json",
        )
      ).stdout,
    );
    const perChar = calibration.ratios.find(
      (r: { tokenizer: string; lang: string; unit: string }) =>
        r.tokenizer === "o200k_base" && r.lang === "ja" && r.unit === "characters",
    );
    expect(perChar.value).toBeCloseTo(counted.total.tokens.o200k_base / counted.total.chars, 12);
    const perMorpheme = calibration.ratios.find(
      (r: { tokenizer: string; lang: string; unit: string }) =>
        r.tokenizer === "r50k_base" && r.lang === "ja" && r.unit === "morphemes",
    );
    expect(perMorpheme.value).toBeCloseTo(counted.total.tokens.r50k_base / counted.total.morphemes, 12);
    for (const r of calibration.ratios) expect(r.low <= r.value && r.value <= r.high).toBe(true);
    expect(calibration.samples[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(calibration.tool.name).toBe("corpus-census");
    expect((await census("validate", "--catalog", copy.dir)).code).toBe(0);
  });

  it("refuses a sample without a language and kind", async () => {
    expect((await census("calibrate", fixture("sample.txt"))).code).toBe(2);
    expect((await census("calibrate", `${fixture("sample.txt")}=ja/poetry`)).code).toBe(2);
  });
});

describe("census estimate", () => {
  it("prints the estimate, the bytes read and the method as JSON", async () => {
    const { code, stdout } = await census(
      "estimate",
      corpus.path,
      "--sample",
      "0.05",
      "--seed",
      "4",
      "--tokenizer",
      "r50k_base",
      "--json",
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.estimate.documents.low).toBeLessThanOrEqual(result.estimate.documents.value);
    expect(Object.keys(result.estimate.tokens)).toEqual(["r50k_base"]);
    expect(result.io.totalBytes).toBe(corpus.bytes);
    expect(result.io.bytesRead).toBeLessThan(0.1 * corpus.bytes);
    expect(result.method).toMatch(/uniform random byte offsets/);
    const full = JSON.parse((await census("count", corpus.path, "--tokenizer", "r50k_base", "--json")).stdout);
    const t = result.estimate.tokens.r50k_base;
    const truth = full.total.tokens.r50k_base;
    expect(t.low).toBeLessThanOrEqual(truth);
    expect(t.high).toBeGreaterThanOrEqual(truth);
    expect(Math.abs(t.value - truth) / truth).toBeLessThan(0.1);
  });

  it("refuses a sample fraction outside (0, 1]", async () => {
    for (const f of ["0", "1.5", "-0.2", "half"]) {
      const { code, stderr } = await census("estimate", corpus.path, `--sample=${f}`);
      expect(code).toBe(2);
      expect(stderr).toContain("--sample: expected a fraction in (0, 1]");
    }
    expect((await census("estimate", corpus.path)).code).toBe(2);
  });

  it("samples a directory of shards whole, and a compressed file by streaming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-shards-"));
    for (let i = 0; i < 4; i++) writeFileSync(join(dir, `part-${i}.jsonl`), readFileSync(fixture("sample.jsonl")));
    const shards = await census("estimate", dir, "--sample", "0.3", "--tokenizer", "r50k_base", "--json");
    expect(shards.code).toBe(0);
    const first = JSON.parse(shards.stdout);
    expect(first.method).toMatch(/shards drawn at random without replacement/);
    expect(first.resumedShards).toBe(0);
    // A longer run with the same seed draws the same shards first: those counted are not read again.
    const longer = JSON.parse(
      (await census("estimate", dir, "--sample", "0.8", "--tokenizer", "r50k_base", "--json")).stdout,
    );
    expect(longer.resumedShards).toBe(first.sampledShards.length);
    expect(longer.sampledShards.slice(0, first.sampledShards.length)).toEqual(first.sampledShards);
    const xz = await census("estimate", fixture("sample-c.bin"), "--sample", "0.5", "--json");
    const result = JSON.parse(xz.stdout);
    expect(result.method).toMatch(/whole xz stream decompressed/);
    expect(result.estimate.documents.value).toBe(7);
  });

  it("records a run for a catalog entry, which the report then uses as sampled", async () => {
    const { code } = await census(
      "estimate",
      corpus.path,
      "--sample",
      "0.05",
      "--tokenizer",
      CALIBRATED,
      "--save",
      "--entry",
      "jpwac",
      "--catalog",
      copy.dir,
      "--json",
    );
    expect(code).toBe(0);
    const jpwac = (await reportJson()).lists.ja.entries.find((e: { id: string }) => e.id === "jpwac");
    expect(jpwac.method).toBe("sampled");
    expect(jpwac.run).toMatch(/^estimate-jpwac-/);

    const counted = await census(
      "count",
      fixture("sample.jsonl"),
      "--tokenizer",
      CALIBRATED,
      "--save",
      "--entry",
      "bsd",
      "--catalog",
      copy.dir,
    );
    expect(counted.code).toBe(0);
    const bsd = (await reportJson()).lists.ja.entries.find((e: { id: string }) => e.id === "bsd");
    expect(bsd.method).toBe("counted");
    expect(bsd.tokens.r50k_base.low).toBe(bsd.tokens.r50k_base.high);
  });

  describe("from a Hugging Face dataset and over HTTP", () => {
    let server: TestServer;
    const shard = readFileSync(fixture("sample.jsonl"));
    beforeAll(async () => {
      server = await startServer((req, res) => {
        if (req.url?.startsWith("/api/datasets/acme/corpus/tree/main")) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify([
              { type: "directory", path: "ja" },
              ...[0, 1, 2, 3].map((i) => ({ type: "file", path: `ja/train-0000${i}.jsonl`, size: shard.length })),
              { type: "file", path: "ja/test-00000.jsonl", size: shard.length },
              { type: "file", path: "README.md", size: 10 },
            ]),
          );
        } else if (/^\/datasets\/acme\/corpus\/resolve\/main\/ja\/train-0000\d\.jsonl$/.test(req.url ?? "")) {
          res.writeHead(200, { "content-length": shard.length }).end(shard);
        } else if (req.url === "/plain.txt") {
          res.writeHead(200, { "content-length": shard.length }).end(shard);
        } else res.writeHead(404).end();
      });
      process.env.HF_ENDPOINT = server.url;
    });
    afterAll(async () => {
      delete process.env.HF_ENDPOINT;
      await server.close();
    });

    it("lists the config's split from the Hub API and samples whole shards", async () => {
      const { code, stdout } = await census(
        "estimate",
        "hf:acme/corpus",
        "--config",
        "ja",
        "--split",
        "train",
        "--sample",
        "0.5",
        "--tokenizer",
        "r50k_base",
        "--json",
      );
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      expect(result.sampledShards.length).toBe(2);
      expect(result.io.totalBytes).toBe(4 * shard.length);
      expect(result.estimate.documents.value).toBeCloseTo(28, 6);
    });

    it("explains a server without Range support", async () => {
      const { code, stderr } = await census("estimate", `${server.url}/plain.txt`, "--sample", "0.1");
      expect(code).toBe(1);
      expect(stderr).toContain("ignores HTTP Range requests");
    });
  });
});

describe("census report", () => {
  it("sets the heuristic beside measured estimates and the reference points", async () => {
    const json = await reportJson();
    expect(json.references.gpt3.tokens).toBe(300_000_000_000);
    expect(json.references.llama2.tokens).toBe(2e12);
    expect(json.references.palm2.tokens).toBe(3.6e12);
    for (const list of ["ja", "en"]) {
      const l = json.lists[list];
      expect(Object.keys(l.heuristic)).toEqual(expect.arrayContaining(["words", "tokens", "corpora"]));
      for (const t of ["r50k_base", "o200k_base"]) {
        const e = l.estimates[t];
        expect(e.low).toBeLessThanOrEqual(e.value);
        expect(e.value).toBeLessThanOrEqual(e.high);
      }
    }
    expect(json.lists.ja.excluded.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining(["mnist", "europarl-ja", "oscar-deduplicated-ja", "line-lm-corpus", "nwjc"]),
    );
    const markdown = await report(CALIBRATED);
    expect(markdown.stdout).toContain("# Do the listed corpora reach GPT-3 scale?");
    expect(markdown.stdout).toContain("cannot be reproduced from published sizes");
    expect(markdown.stdout).toContain("Not legal advice");
  });

  it("refuses a tokenizer without calibrated ratios", async () => {
    const { code, stderr } = await report("gemma3");
    expect(code).toBe(2);
    expect(stderr).toContain('no calibrated ratios for "gemma3"');
  });
});
