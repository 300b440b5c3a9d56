import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer, type TokenCounter } from "@corpus-census/tokenizers";
import {
  estimateFileBySampling,
  estimateShardsBySampling,
  estimateStreamBySampling,
  HttpRangeSource,
  LocalFileSource,
  RangeNotSupportedError,
  type DocumentTokenCounter,
} from "@corpus-census/estimate";
import { writeCorpusFile, type CorpusFile } from "../../../test/helpers/corpus-file.js";
import { startServer, type TestServer } from "../../../test/helpers/http-server.js";

/** Real counts with a memo, so that many seeds cost one count per distinct document. */
function memoCounter(counter: TokenCounter): DocumentTokenCounter & { exact(texts: string[]): number } {
  const memo = new Map<string, number>();
  const one = (t: string) => {
    let n = memo.get(t);
    if (n === undefined) memo.set(t, (n = counter.count(t)));
    return n;
  };
  return {
    tokenizers: [counter.id],
    count: async (texts) => texts.map((t) => [one(t)]),
    close: async () => {},
    exact: (texts) => texts.reduce((n, t) => n + one(t), 0),
  };
}

describe("estimating a file from documents at random byte offsets", () => {
  let corpus: CorpusFile;
  let counter: ReturnType<typeof memoCounter>;
  let truth: number;
  beforeAll(async () => {
    corpus = await writeCorpusFile(24e6);
    counter = memoCounter(createCounter(await resolveTokenizer("o200k_base")));
    truth = counter.exact(corpus.documents);
  }, 120_000);

  it("lands within a few percent with a 5% sample, and its 95% interval holds the full count about 95% of the time", {
    timeout: 300_000,
  }, async () => {
    const seeds = 100;
    let tokensCovered = 0;
    let documentsCovered = 0;
    const errors: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const source = await LocalFileSource.open(corpus.path);
      const result = await estimateFileBySampling(source, counter, { format: "text", fraction: 0.05, seed });
      await source.close();
      const t = result.estimate.tokens.o200k_base!;
      if (t.low <= truth && truth <= t.high) tokensCovered++;
      const d = result.estimate.documents;
      if (d.low <= corpus.documents.length && corpus.documents.length <= d.high) documentsCovered++;
      errors.push(Math.abs(t.value - truth) / truth);
      expect(result.io.bytesRead).toBeLessThan(0.06 * corpus.bytes);
    }
    errors.sort((a, b) => a - b);
    // 100 intervals at 95%: fewer than 88 covering would happen by chance less than once in 1,000 runs.
    expect(tokensCovered).toBeGreaterThanOrEqual(88);
    // Documents are estimated from 1/length of the drawn ones, a heavy-tailed quantity (a
    // one-line document is rarely drawn and weighs much): its normal interval covers less often.
    expect(documentsCovered).toBeGreaterThanOrEqual(80);
    expect(errors[Math.floor(seeds / 2)]).toBeLessThan(0.02);
    expect(errors.at(-1)).toBeLessThan(0.06);
  });

  it("estimates the text's UTF-8 bytes and characters as it does tokens, to check a saved run against the catalog", async () => {
    const source = await LocalFileSource.open(corpus.path);
    const result = await estimateFileBySampling(source, counter, { format: "text", fraction: 0.05, seed: 7 });
    await source.close();
    const bytes = corpus.documents.reduce((n, d) => n + Buffer.byteLength(d), 0);
    const chars = corpus.documents.reduce((n, d) => n + [...d].length, 0);
    for (const [estimate, truth] of [
      [result.text!.bytes, bytes],
      [result.text!.characters, chars],
    ] as const) {
      expect(estimate.low).toBeLessThanOrEqual(estimate.value);
      expect(estimate.value).toBeLessThanOrEqual(estimate.high);
      expect(Math.abs(estimate.value - truth) / truth).toBeLessThan(0.06);
    }
  });

  it("refuses a fraction outside (0, 1]", async () => {
    const source = await LocalFileSource.open(corpus.path);
    for (const fraction of [0, -0.1, 1.5, Number.NaN]) {
      await expect(estimateFileBySampling(source, counter, { format: "text", fraction, seed: 1 })).rejects.toThrow(
        /sample fraction must be in \(0, 1\]/,
      );
    }
    await source.close();
  });

  describe("over HTTP with Range requests", () => {
    let server: TestServer;
    let ranges = 0;
    beforeAll(async () => {
      const body = readFileSync(corpus.path);
      server = await startServer((req, res) => {
        if (req.url === "/no-range.txt") return void res.writeHead(200, { "content-length": body.length }).end(body);
        const match = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ""));
        if (!match) return void res.writeHead(200, { "content-length": body.length }).end(body);
        ranges++;
        const start = Number(match[1]);
        const end = Math.min(body.length - 1, Number(match[2]));
        res.writeHead(206, {
          "content-range": `bytes ${start}-${end}/${body.length}`,
          "content-length": end - start + 1,
        });
        res.end(body.subarray(start, end + 1));
      });
    });
    afterAll(() => server.close());

    it("reads only a small share of the file and agrees with the local estimate of the same seed", {
      timeout: 120_000,
    }, async () => {
      const remote = await HttpRangeSource.open(`${server.url}/corpus.txt`, {}, 8);
      const overHttp = await estimateFileBySampling(remote, counter, { format: "text", fraction: 0.05, seed: 3 });
      const local = await LocalFileSource.open(corpus.path);
      const onDisk = await estimateFileBySampling(local, counter, { format: "text", fraction: 0.05, seed: 3 });
      await local.close();
      expect(overHttp.estimate).toEqual(onDisk.estimate);
      expect(server.bytesServed).toBeLessThan(0.06 * corpus.bytes);
      expect(ranges).toBeGreaterThan(100);
      expect(Math.abs(overHttp.estimate.tokens.o200k_base!.value - truth) / truth).toBeLessThan(0.05);
    });

    it("tries a failed range read again (503, a cut connection, a short body) and ends with the same estimate", {
      timeout: 120_000,
    }, async () => {
      const body = readFileSync(corpus.path);
      // The first request for every range fails, in turn: 503, a cut connection, a body cut short.
      const attempts = new Map<string, number>();
      let faults = 0;
      const flaky = await startServer((req, res) => {
        const range = String(req.headers.range ?? "");
        const match = /^bytes=(\d+)-(\d+)$/.exec(range);
        const start = Number(match?.[1] ?? 0);
        const end = Math.min(body.length - 1, Number(match?.[2] ?? body.length - 1));
        const attempt = (attempts.get(range) ?? 0) + 1;
        attempts.set(range, attempt);
        const fault = match && start > 0 && attempt === 1 ? ++faults % 3 : -1;
        if (fault === 0) return void res.writeHead(503).end();
        if (fault === 1) return void req.socket.destroy();
        res.writeHead(206, {
          "content-range": `bytes ${start}-${end}/${body.length}`,
          "content-length": end - start + 1,
        });
        if (fault === 2) {
          res.write(body.subarray(start, start + 1));
          return void setImmediate(() => req.socket.destroy());
        }
        res.end(body.subarray(start, end + 1));
      });
      const previous = process.env.CENSUS_HTTP_BACKOFF_MS;
      process.env.CENSUS_HTTP_BACKOFF_MS = "1";
      try {
        const remote = await HttpRangeSource.open(`${flaky.url}/corpus.txt`, {}, 8);
        const overHttp = await estimateFileBySampling(remote, counter, { format: "text", fraction: 0.02, seed: 5 });
        const local = await LocalFileSource.open(corpus.path);
        const onDisk = await estimateFileBySampling(local, counter, { format: "text", fraction: 0.02, seed: 5 });
        await local.close();
        expect(faults).toBeGreaterThan(50);
        expect(overHttp.estimate).toEqual(onDisk.estimate);
      } finally {
        if (previous === undefined) delete process.env.CENSUS_HTTP_BACKOFF_MS;
        else process.env.CENSUS_HTTP_BACKOFF_MS = previous;
        await flaky.close();
      }
    });

    it("gives up on a server that keeps failing, saying how often it tried", async () => {
      const body = readFileSync(corpus.path);
      let first = true;
      const busy = await startServer((_req, res) => {
        if (!first) return void res.writeHead(503).end();
        first = false;
        res
          .writeHead(206, { "content-range": `bytes 0-0/${body.length}`, "content-length": 1 })
          .end(body.subarray(0, 1));
      });
      const previous = { retries: process.env.CENSUS_HTTP_RETRIES, backoff: process.env.CENSUS_HTTP_BACKOFF_MS };
      process.env.CENSUS_HTTP_RETRIES = "2";
      process.env.CENSUS_HTTP_BACKOFF_MS = "1";
      try {
        const remote = await HttpRangeSource.open(`${busy.url}/corpus.txt`);
        await expect(remote.read(1000, 10)).rejects.toThrow(/answered with HTTP 503; gave up after 3 tries/);
        expect(busy.requests.length).toBe(4);
      } finally {
        for (const [name, value] of [
          ["CENSUS_HTTP_RETRIES", previous.retries],
          ["CENSUS_HTTP_BACKOFF_MS", previous.backoff],
        ] as const) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
        await busy.close();
      }
    });

    it("says so when the server ignores Range requests", async () => {
      await expect(HttpRangeSource.open(`${server.url}/no-range.txt`)).rejects.toThrow(RangeNotSupportedError);
      await expect(HttpRangeSource.open(`${server.url}/no-range.txt`)).rejects.toThrow(/ignores HTTP Range requests/);
    });
  });
});

describe("estimating a corpus of shards", () => {
  const shardCounts = Array.from({ length: 40 }, (_, i) => {
    // Shards of different sizes and token densities, like real dumps.
    const bytes = 1_000_000 + ((i * 7919) % 13) * 150_000;
    return {
      name: `shard-${i}`,
      bytes,
      tokens: Math.round(bytes * (0.28 + ((i * 31) % 9) * 0.01)),
      documents: Math.round(bytes / 2500),
    };
  });
  const total = shardCounts.reduce((n, s) => n + s.tokens, 0);

  it("counts whole shards drawn at random and extrapolates by bytes, covering the truth", async () => {
    let covered = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const counted: string[] = [];
      const result = await estimateShardsBySampling(
        shardCounts,
        async (shard) => {
          counted.push(shard.name);
          const s = shardCounts.find((x) => x.name === shard.name)!;
          return { documents: s.documents, tokens: { t: s.tokens }, bytesRead: s.bytes };
        },
        { fraction: 0.25, seed, tokenizers: ["t"] },
      );
      expect(new Set(counted).size).toBe(counted.length);
      expect(result.io.bytesRead).toBeLessThan(0.35 * result.io.totalBytes!);
      const t = result.estimate.tokens.t!;
      if (t.low <= total && total <= t.high) covered++;
      expect(Math.abs(t.value - total) / total).toBeLessThan(0.08);
    }
    expect(covered).toBeGreaterThanOrEqual(85);
  });

  it("stops when a shard fails mid-way, naming it", async () => {
    await expect(
      estimateShardsBySampling(
        shardCounts,
        async (shard) => Promise.reject(new Error(`shard ${shard.name} failed mid-way: truncated`)),
        { fraction: 0.1, seed: 1, tokenizers: ["t"] },
      ),
    ).rejects.toThrow(/shard shard-\d+ failed mid-way/);
  });
});

describe("estimating a compressed file", () => {
  it("streams it whole, tokenizes a random share of documents, and says so", async () => {
    const counter = memoCounter(createCounter(await resolveTokenizer("r50k_base")));
    const file = new URL("../../../test/fixtures/count/sample-d.bin", import.meta.url).pathname;
    const result = await estimateStreamBySampling(file, counter, {
      fraction: 0.5,
      seed: 2,
      wikitext: "plain",
      encoding: "utf-8",
      onError: "fail",
    });
    expect(result.estimate.documents).toEqual({ value: 7, low: 7, high: 7 });
    expect(result.notes[0]).toMatch(/zstd-compressed file cannot be sampled at random offsets/);
    expect(result.io.bytesRead).toBe(result.io.totalBytes);
    const full = await estimateStreamBySampling(file, counter, {
      fraction: 1,
      seed: 2,
      wikitext: "plain",
      encoding: "utf-8",
      onError: "fail",
    });
    const t = full.estimate.tokens.r50k_base!;
    expect(t.low).toBe(t.high);
  });
});
