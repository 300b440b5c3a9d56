import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHubId } from "@corpus-census/count";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { startServer, type TestServer } from "./helpers/http-server.js";
import { COUNT_FIXTURES } from "./helpers/samples.js";

const fixture = (name: string) => join(COUNT_FIXTURES, name);

describe("hf: ids", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => void res.writeHead(404).end());
  });
  afterAll(() => server.close());

  it("accepts the Hub's ids and refuses paths", () => {
    expect(parseHubId("llm-jp/llm-jp-3-1.8b")).toEqual({ org: "llm-jp", name: "llm-jp-3-1.8b" });
    expect(parseHubId("acme/x_y.z@refs/pr/1")).toEqual({ org: "acme", name: "x_y.z", revision: "refs/pr/1" });
    for (const bad of ["../..", "acme/..", "../x", "acme/x/y", "acme", "acme/x@../../etc", "acme/.hidden", "acme/x--y", "/acme/x", "acme/x@", "ac me/x"]) {
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
