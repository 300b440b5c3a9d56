import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countInputs, SEGMENT_BYTES } from "@corpus-census/count";
import { resolveTokenizer, type TokenizerSpec } from "@corpus-census/tokenizers";
import { isSegmentable } from "@corpus-census/tokenizers/internal";
import { findCutInUtf8 } from "../src/formats/segment.js";
import { COUNT_FIXTURES, HAVE_SHARED_SAMPLES, SHARED_SAMPLES } from "../../../test/helpers/samples.js";

const SEGMENTABLE = ["r50k_base", "cl100k_base", "o200k_base", "llama3", "qwen3", "deepseek_v3"];

describe("counting long documents in parts", () => {
  it("knows which tokenizers allow it", async () => {
    for (const id of SEGMENTABLE) expect(isSegmentable(await resolveTokenizer(id)), id).toBe(true);
    // Gemma 3 runs BPE over the whole text with no split: its counts are never cut.
    expect(isSegmentable(await resolveTokenizer("gemma3"))).toBe(false);
  });

  it("cuts only between a letter and a space or sentence mark followed by a letter", () => {
    const cut = (text: string) => findCutInUtf8(Buffer.from(text), 0, Buffer.byteLength(text));
    expect(cut("abc def")).toBe(3);
    expect(cut("吾輩は猫である。名前はまだ無い")).toBe(Buffer.byteLength("吾輩は猫である"));
    expect(cut("it's  two spaces")).toBe(4 + 5); // not inside the double space
    expect(cut("1 2 3 ... !!")).toBe(-1);
    expect(cut("𠮷 𠮷")).toBe(4); // letters beyond the BMP, as whole sequences
    // A letter only as a decoder reads it: an overlong "a" (C1 A1) is not one.
    expect(findCutInUtf8(Uint8Array.from([0xc1, 0xa1, 0x20, 0x61]), 0, 4)).toBe(-1);
    expect(findCutInUtf8(Uint8Array.from([0x62, 0x20, 0x61]), 0, 3)).toBe(1);
  });

  it("gives exactly the counts of whole documents, with parts of 40 bytes", { timeout: 240_000 }, async () => {
    const specs: TokenizerSpec[] = await Promise.all(SEGMENTABLE.map(resolveTokenizer));
    const inputs = HAVE_SHARED_SAMPLES
      ? ["ja/aozora_bocchan.txt", "ja/aozora_kojiki_gendaigoyaku.utf8.txt", "en/ud_ewt_dev_web.txt"].map((f) =>
          join(SHARED_SAMPLES, f),
        )
      : ["sample.txt", "sample-crlf.txt"].map((f) => join(COUNT_FIXTURES, f));
    const options = {
      tokenizers: specs,
      morphemes: false,
      workers: 2,
      wikitext: "plain" as const,
      encoding: "utf-8" as const,
      onError: "fail" as const,
    };
    const whole = await countInputs(inputs, { ...options, segmentBytes: Number.MAX_SAFE_INTEGER });
    const parts = await countInputs(inputs, { ...options, segmentBytes: 40 });
    expect(parts.total).toEqual(whole.total);
    // One document per line: the same, with the tiktoken encodings (the fastest to run twice).
    const lineOptions = { ...options, format: "lines" as const, tokenizers: specs.slice(0, 3) };
    const wholeLines = await countInputs(inputs, { ...lineOptions, segmentBytes: Number.MAX_SAFE_INTEGER });
    expect((await countInputs(inputs, { ...lineOptions, segmentBytes: 40 })).total).toEqual(wholeLines.total);
    expect(whole.total.documents).toBeGreaterThan(0);
  });

  it("is on by default only when every tokenizer allows it", async () => {
    const options = {
      morphemes: false,
      workers: 1,
      wikitext: "plain" as const,
      encoding: "utf-8" as const,
      onError: "fail" as const,
    };
    const sample = join(COUNT_FIXTURES, "sample.txt");
    expect(
      (await countInputs([sample], { ...options, tokenizers: [await resolveTokenizer("o200k_base")] })).segmentBytes,
    ).toBe(SEGMENT_BYTES);
    expect(
      (await countInputs([sample], { ...options, tokenizers: [await resolveTokenizer("gemma3")] })).segmentBytes,
    ).toBeUndefined();
  });
});
