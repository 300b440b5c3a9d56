import { parseHubId, redactCredentials } from "@corpus-census/common";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { startServer, type TestServer } from "./helpers/http-server.js";
import { startRangeServer, type RangeServer } from "./helpers/range-server.js";
import { countFixture as fixture } from "./helpers/samples.js";

describe("hf: ids", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => void res.writeHead(404).end());
  });
  afterAll(() => server.close());

  it("accepts the Hub's ids and refuses paths", () => {
    expect(parseHubId("llm-jp/llm-jp-3-1.8b")).toEqual({ org: "llm-jp", name: "llm-jp-3-1.8b" });
    expect(parseHubId("acme/x_y.z@refs/pr/1")).toEqual({ org: "acme", name: "x_y.z", revision: "refs/pr/1" });
    for (const bad of [
      "../..",
      "acme/..",
      "../x",
      "acme/x/y",
      "acme",
      "acme/x@../../etc",
      "acme/.hidden",
      "acme/x--y",
      "/acme/x",
      "acme/x@",
      "ac me/x",
    ]) {
      expect(() => parseHubId(bad), bad).toThrow(/not a Hugging Face id/);
    }
  });

  it("refuses --tokenizer hf:../.. before any request, and writes nothing outside the cache", async () => {
    const cache = useTemporaryCache();
    process.env.HF_ENDPOINT = server.url;
    try {
      for (const command of ["count", "estimate"]) {
        const args = command === "estimate" ? ["--sample", "0.5"] : [];
        const { code, stderr } = await census(command, fixture("sample.txt"), "--tokenizer", "hf:../..", ...args);
        expect(code, stderr).toBe(2);
        expect(stderr).toContain("hf:../..: not a Hugging Face id");
      }
      expect(server.requests).toHaveLength(0);
      // The cache's parent holds nothing new (hf/../../main would be two levels up from hf/).
      expect(existsSync(join(cache, "..", "main"))).toBe(false);
      expect(readdirSync(cache).filter((n) => n !== "hf")).toEqual([]);
    } finally {
      delete process.env.HF_ENDPOINT;
    }
  });

  it("refuses a dataset id that is a path", async () => {
    process.env.HF_ENDPOINT = server.url;
    try {
      const { code, stderr } = await census("count", "hf:../../etc");
      expect(code, stderr).toBe(2);
      expect(stderr).toContain("not a Hugging Face id");
      expect(server.requests).toHaveLength(0);
    } finally {
      delete process.env.HF_ENDPOINT;
    }
  });
});

describe("credentials in URLs", () => {
  let server: RangeServer;
  const text = readFileSync(fixture("sample.txt"));
  beforeAll(async () => {
    server = await startRangeServer({ "/a.txt": text });
  });
  afterAll(() => server.close());
  const withCredentials = (path: string) => server.url.replace("http://", "http://alice:s3cret-pw@") + path;

  it("redacts the userinfo everywhere", () => {
    expect(redactCredentials("GET http://alice:pw@h:1/x and https://tok@h/y, not mail@example.org")).toBe(
      "GET http://***@h:1/x and https://***@h/y, not mail@example.org",
    );
  });

  it("never prints a URL's password: table, --json, messages", async () => {
    const table = await census("count", withCredentials("/a.txt"), "--tokenizer", "r50k_base");
    expect(table.code, table.stderr).toBe(0);
    const json = await census("count", withCredentials("/a.txt"), "--tokenizer", "r50k_base", "--json");
    expect(JSON.parse(json.stdout).inputs[0].input).toBe(`${server.url.replace("http://", "http://***@")}/a.txt`);
    const missing = await census("count", withCredentials("/missing.txt"), "--tokenizer", "r50k_base");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("HTTP 404");
    const estimate = await census(
      "estimate",
      withCredentials("/a.txt"),
      "--sample",
      "0.5",
      "--tokenizer",
      "r50k_base",
      "--json",
    );
    expect(estimate.code, estimate.stderr).toBe(0);
    for (const r of [table, json, missing, estimate]) {
      expect(r.stdout + r.stderr).not.toContain("s3cret");
      expect(r.stdout + r.stderr).not.toContain("alice");
    }
  });

  it("never writes it into shard results, checkpoints or measurements", async () => {
    const out = mkdtempSync(join(tmpdir(), "census-redact-"));
    const shard = await census(
      "count",
      withCredentials("/a.txt"),
      "--tokenizer",
      "r50k_base",
      "--shard",
      "0/1",
      "--out",
      out,
    );
    expect(shard.code, shard.stderr).toBe(0);
    const merged = await census("merge", out, "--json");
    expect(merged.code, merged.stderr).toBe(0);
    const copy = new CatalogCopy();
    try {
      const saved = await census(
        "count",
        withCredentials("/a.txt"),
        "--tokenizer",
        "r50k_base",
        "--save",
        "--covers",
        "shard",
        "--catalog",
        copy.dir,
      );
      expect(saved.code, saved.stderr).toBe(0);
      const estimated = await census(
        "estimate",
        withCredentials("/a.txt"),
        "--sample",
        "0.5",
        "--tokenizer",
        "r50k_base",
        "--save",
        "--covers",
        "shard",
        "--catalog",
        copy.dir,
      );
      expect(estimated.code, estimated.stderr).toBe(0);
      const files = [
        ...readdirSync(out).map((n) => join(out, n)),
        ...readdirSync(join(copy.dir, "measurements")).map((n) => join(copy.dir, "measurements", n)),
      ];
      const written = files.map((f) => readFileSync(f, "utf8")).join("\n");
      expect(written).toContain("***@127.0.0.1");
      expect(written).not.toContain("s3cret");
      for (const r of [shard, merged, saved, estimated]) expect(r.stdout + r.stderr).not.toContain("s3cret");
    } finally {
      copy.remove();
    }
  });
});
