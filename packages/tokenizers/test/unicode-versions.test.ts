import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { createCounter, resolveTokenizer } from "@corpus-census/tokenizers";
import { GENERAL_CATEGORIES } from "../src/text/unicode-classes.generated.js";

// tiktoken and the native Hugging Face tokenizers match their patterns with Unicode 16.0
// tables; Node's \p{..} follows its ICU (Unicode 17 on Node 20.20). A character whose
// category differs between the two splits differently, so each must count as the reference.
const require = createRequire(import.meta.url);
const tiktoken = require("tiktoken") as typeof import("tiktoken");
const { Tokenizer: NativeTokenizer } = require("tokenizers") as typeof import("tokenizers");

const CATEGORIES = ["L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "N", "P", "S"] as const;

/** Code points whose general categories differ between the pinned tables and this Node's, plus some added in Unicode 17. */
function changedCodePoints(): number[] {
  const pinned = CATEGORIES.map((c) => new RegExp(`^[${GENERAL_CATEGORIES["16.0.0"][c]}]$`, "u"));
  const node = CATEGORIES.map((c) => new RegExp(`^\\p{${c}}$`, "u"));
  const out = new Set([0x88f, 0x1acf, 0x10940, 0x11db0, 0x16ea0, 0x1e6c0, 0x2b73a, 0x323b0, 0x3270b]);
  for (let cp = 0; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const ch = String.fromCodePoint(cp);
    if (pinned.some((re, i) => re.test(ch) !== node[i]!.test(ch))) out.add(cp);
  }
  return [...out];
}

function textsAround(codePoints: number[]): string[] {
  return codePoints.flatMap((cp) => {
    const ch = String.fromCodePoint(cp);
    return [`${ch}<p>`, `a${ch}a`, `1${ch}1`, ` ${ch} x`, `${ch}\u0301x`, `!${ch}!`];
  });
}

describe("general categories as the reference libraries see them", () => {
  const texts = textsAround(changedCodePoints());

  it.each(["r50k_base", "cl100k_base", "o200k_base"])(
    "%s counts equal tiktoken around every character whose category changed",
    { timeout: 120_000 },
    async (id) => {
      const spec = await resolveTokenizer(id);
      if (spec.kind !== "tiktoken") throw new Error("expected a tiktoken encoding");
      const ours = createCounter(spec);
      const reference = tiktoken.get_encoding(spec.encoding as "o200k_base");
      const mismatches = texts.filter((t) => ours.count(t) !== reference.encode_ordinary(t).length);
      reference.free();
      expect(mismatches.slice(0, 5)).toEqual([]);
    },
  );

  it.each(["llama3", "qwen3", "deepseek_v3"])(
    "%s counts equal the native tokenizers around every character whose category changed",
    { timeout: 120_000 },
    async (id) => {
      const spec = await resolveTokenizer(id);
      if (spec.kind !== "tokenizer.json") throw new Error("expected a tokenizer.json model");
      const ours = createCounter(spec);
      const encodings = await NativeTokenizer.fromFile(spec.path).encodeBatch(texts, { addSpecialTokens: false });
      const mismatches = texts.filter((t, i) => ours.count(t) !== encodings[i]!.getIds().length);
      expect(mismatches.slice(0, 5)).toEqual([]);
    },
  );

  it("the generated tables are those scripts/generate-unicode-classes.mjs makes", async () => {
    const script = new URL("../../../scripts/generate-unicode-classes.mjs", import.meta.url).href;
    const { generate } = (await import(script)) as { generate: () => Promise<string> };
    const file = new URL("../src/text/unicode-classes.generated.ts", import.meta.url);
    expect(readFileSync(file, "utf8")).toBe(await generate());
  });
});
