import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { guessEncoding, type Counts } from "@corpus-census/count";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { HAVE_SHARED_SAMPLES, SHARED_SAMPLES, countFixture as fixture } from "./helpers/samples.js";

interface CountJson {
  total: Counts;
  inputs: { input: string; encoding?: string; encodingDetected?: string; complete: boolean; counts: Counts }[];
}

async function countJson(...args: string[]): Promise<{ code: number; json: CountJson; stderr: string }> {
  const { code, stdout, stderr } = await census("count", ...args, "--json");
  return { code, json: JSON.parse(stdout) as CountJson, stderr };
}

beforeAll(() => {
  useTemporaryCache();
});

/**
 * A Shift_JIS or EUC-JP file counted without --encoding was counted as garbage with status ok
 * (r50k 159,290 instead of 173,267 on the Kojiki sample). It is now read in the encoding its
 * start shows, with a note, and counts as with --encoding.
 */
describe("a file in a legacy Japanese encoding, without --encoding", () => {
  it.each([
    ["sample-ja.sjis.txt", "shift_jis"],
    ["sample-ja.eucjp.txt", "euc-jp"],
  ])(
    "%s is read as %s and counts as with --encoding and as its UTF-8 twin",
    { timeout: 120_000 },
    async (name, encoding) => {
      const tokenizers = ["--tokenizer", "r50k_base,o200k_base"];
      const detected = await countJson(fixture(name), ...tokenizers);
      const explicit = await countJson(fixture(name), ...tokenizers, "--encoding", encoding);
      const utf8 = await countJson(fixture("sample-ja.utf8.txt"), ...tokenizers);
      expect(detected.code).toBe(0);
      expect(detected.json.inputs[0]!.encoding).toBe(encoding);
      expect(detected.json.inputs[0]!.encodingDetected).toMatch(
        /invalid UTF-8 sequences .* decode cleanly as (Shift_JIS|EUC-JP)/,
      );
      expect(detected.stderr).toContain(`read as ${encoding === "shift_jis" ? "Shift_JIS" : "EUC-JP"} (detected`);
      expect(detected.json.total.tokens).toEqual(explicit.json.total.tokens);
      expect(detected.json.total.tokens).toEqual(utf8.json.total.tokens);
      expect(detected.json.total.invalidUtf8).toBe(0);
      expect(explicit.json.inputs[0]!.encodingDetected).toBeUndefined();
      const table = await census("count", fixture(name), "--tokenizer", "r50k_base");
      expect(table.stdout).toMatch(
        new RegExp(`${name}: read as (Shift_JIS|EUC-JP), detected: .*; --encoding ${encoding} says so`),
      );
    },
  );

  it("is read as UTF-8 when --encoding utf-8 says so", async () => {
    const { json } = await countJson(fixture("sample-ja.sjis.txt"), "--tokenizer", "r50k_base", "--encoding", "utf-8");
    expect(json.inputs[0]!.encoding).toBe("utf-8");
    expect(json.inputs[0]!.encodingDetected).toBeUndefined();
    expect(json.total.invalidUtf8).toBeGreaterThan(1000);
  });

  it.runIf(HAVE_SHARED_SAMPLES)(
    "counts the Kojiki sample in Shift_JIS as with --encoding shift_jis (r50k 173,267)",
    { timeout: 120_000 },
    async () => {
      const file = join(SHARED_SAMPLES, "ja/aozora_kojiki_gendaigoyaku.shift_jis.txt");
      const detected = await countJson(file, "--tokenizer", "r50k_base");
      const explicit = await countJson(file, "--tokenizer", "r50k_base", "--encoding", "shift_jis");
      expect(detected.json.total.tokens.r50k_base).toBe(173_267);
      expect(explicit.json.total.tokens.r50k_base).toBe(173_267);
    },
  );

  it("is estimated in that encoding, and estimate and calibrate take --encoding", { timeout: 120_000 }, async () => {
    const { code, stdout } = await census(
      "estimate",
      fixture("sample-ja.eucjp.txt"),
      "--sample",
      "1",
      "--tokenizer",
      "r50k_base",
      "--json",
    );
    expect(code).toBe(0);
    const estimate = JSON.parse(stdout) as { estimate: { tokens: Record<string, { value: number }> }; notes: string[] };
    const counted = await countJson(fixture("sample-ja.utf8.txt"), "--tokenizer", "r50k_base");
    expect(estimate.estimate.tokens.r50k_base!.value).toBe(counted.json.total.tokens.r50k_base);
    expect(estimate.notes.join("\n")).toContain("read as EUC-JP, detected");
    const explicit = await census(
      "estimate",
      fixture("sample-ja.eucjp.txt"),
      "--sample",
      "1",
      "--tokenizer",
      "r50k_base",
      "--encoding",
      "euc-jp",
      "--json",
    );
    expect((JSON.parse(explicit.stdout) as typeof estimate).estimate.tokens.r50k_base!.value).toBe(
      counted.json.total.tokens.r50k_base,
    );
    const wrong = await census("calibrate", `${fixture("sample-ja.sjis.txt")}=ja/encyclopedia`, "--encoding", "latin1");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      '--encoding: unknown value "latin1"; expected one of: auto, utf-8, shift_jis, euc-jp',
    );
  });
});

describe("UTF-8 with a few invalid bytes", () => {
  const utf8 = readFileSync(fixture("sample-ja.utf8.txt"));

  it("stays UTF-8: stray Latin-1 bytes, a cut character, a literal U+FFFD", () => {
    // Twenty "café" in Latin-1 among Japanese UTF-8 text.
    const latin1 = Buffer.concat([
      utf8.subarray(0, 3000),
      ...Array.from({ length: 20 }, () => Buffer.from("caf\xe9 ", "latin1")),
      utf8.subarray(3000),
    ]);
    expect(guessEncoding(latin1)).toEqual({ encoding: "utf-8" });
    // Bytes of a character cut at the end, and in the middle.
    expect(guessEncoding(utf8.subarray(0, 4001))).toEqual({ encoding: "utf-8" });
    expect(guessEncoding(Buffer.concat([utf8.subarray(0, 2001), utf8.subarray(2003)]))).toEqual({ encoding: "utf-8" });
    expect(guessEncoding(Buffer.from("\uFFFD".repeat(100) + "日本語", "utf8"))).toEqual({ encoding: "utf-8" });
    // Random bytes are not Japanese in any encoding: read as UTF-8, and the invalid sequences say so.
    let seed = 7;
    const noise = Buffer.from(
      Array.from({ length: 4000 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) & 0xff),
    );
    expect(guessEncoding(noise).encoding).toBe("utf-8");
  });

  it("is counted as UTF-8, its invalid sequences noted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-utf8-"));
    const file = join(dir, "damaged.txt");
    writeFileSync(file, Buffer.concat([utf8.subarray(0, 3000), Buffer.from([0xff, 0xfe, 0x80]), utf8.subarray(3000)]));
    const { json } = await countJson(file, "--tokenizer", "r50k_base");
    expect(json.inputs[0]!.encoding).toBe("utf-8");
    expect(json.inputs[0]!.encodingDetected).toBeUndefined();
    expect(json.total.invalidUtf8).toBe(3);
  });
});
