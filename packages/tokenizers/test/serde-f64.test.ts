import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/helpers/random-text.js";
import { nativeUnigramScores } from "../src/tokenizer-json/score-literals.js";
import { serdeF64 } from "../src/tokenizer-json/serde-f64.js";

const require = createRequire(import.meta.url);
const { Tokenizer } = require("tokenizers") as typeof import("tokenizers");
const dir = mkdtempSync(join(tmpdir(), "serde-f64-"));

/** A Unigram tokenizer.json whose piece i scores `literals[i]`, written as is. */
function unigramJson(literals: string[], pieces = literals.map((_, i) => `p${i}`)): string {
  const vocab = pieces.map((p, i) => `[${JSON.stringify(p)}, ${literals[i]}]`).join(",\n ");
  return `{"version":"1.0","added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,
  "model":{"type":"Unigram","unk_id":0,"vocab":[${vocab}],"byte_fallback":false}}`;
}

/** The scores the native library holds for `literals`: it saves them with shortest round-trip digits, which JSON.parse reads back exactly. */
function nativeScores(literals: string[]): number[] {
  const saved = join(dir, "saved.json");
  Tokenizer.fromString(unigramJson(literals)).save(saved);
  const json = JSON.parse(readFileSync(saved, "utf8")) as { model: { vocab: [string, number][] } };
  return json.model.vocab.map(([, score]) => score);
}

function digits(random: () => number, n: number): string {
  return Array.from({ length: n }, () => Math.floor(random() * 10)).join("");
}

/** Literals as tokenizer.json files write scores (shortest round-trip, fixed digits, exponents), and beyond u64's digits. */
function literals(random: () => number, n: number): string[] {
  const out = [
    "0",
    "-0",
    "-0.0",
    "0.0",
    "-1",
    "-10",
    "1e2",
    "-1E-2",
    "-1.5e+3",
    "18446744073709551615",
    "18446744073709551616",
    "18446744073709551616.0",
    "-184467440737095516159.5",
    "-99999999999999999999999.9999999",
    "-0.000000000000000000000000123456789012345678901",
    "-1e-400",
    "-12345678901234567890123e-330",
    "-7.123456789012345678901",
  ];
  for (let i = 0; out.length < n; i++) {
    switch (i % 5) {
      case 0:
        out.push(String(-random() * 20));
        break;
      case 1:
        out.push(`-${Math.floor(random() * 20)}.${digits(random, 1 + Math.floor(random() * 25))}`);
        break;
      case 2:
        out.push(`-0.${"0".repeat(Math.floor(random() * 6))}${digits(random, 1 + Math.floor(random() * 22))}`);
        break;
      case 3:
        out.push((-random() * 30).toExponential(Math.floor(random() * 20)));
        break;
      default:
        out.push(
          `-${1 + Math.floor(random() * 9)}${digits(random, Math.floor(random() * 24))}e-${Math.floor(random() * 30)}`,
        );
    }
  }
  return out;
}

describe("serdeF64 reads a number as the native tokenizers (serde_json without float_roundtrip)", () => {
  it("on 20,000 literals, of which JSON.parse reads some differently", () => {
    const all = literals(seededRandom(27), 20_000);
    const native = nativeScores(all);
    const wrong = all.filter((l, i) => !Object.is(serdeF64(l), native[i]));
    expect(wrong).toEqual([]);
    // The trap is real: a correctly rounded parse is off on some of them.
    const offByJsonParse = all.filter((l, i) => !Object.is(JSON.parse(l) as number, native[i])).length;
    expect(offByJsonParse).toBeGreaterThan(1000);
  });

  it("fails where serde_json fails", () => {
    for (const bad of ["1e400", "01", "1.", "-", ".5", "1e", "1e+"]) expect(() => serdeF64(bad), bad).toThrow();
  });

  it("finds a tokenizer.json's Unigram scores in its text, whatever its layout and escapes", () => {
    const literals = ["0", "-7.123456789012345678901", "-1.5e3"];
    const pieces = ["<unk>", 'a"]b', "\\"];
    const text = unigramJson(literals, pieces).replace('"model"', '"mo\\u0064el_not":{"vocab":[["x",1]]},"model"');
    const parsed = JSON.parse(text) as { model: { vocab: [string, number][] } };
    expect([...nativeUnigramScores("tokenizer.json", text, parsed.model.vocab)]).toEqual(literals.map(serdeF64));
  });

  it("names the file and the piece when the scores read again do not match the parsed vocabulary", () => {
    const text = unigramJson(["0", "-1.5"], ["<unk>", "a"]);
    const vocab = (JSON.parse(text) as { model: { vocab: [string, number][] } }).model.vocab;
    expect(() => nativeUnigramScores("m/tokenizer.json", text, [...vocab, ["b", -2]])).toThrow(
      /^m\/tokenizer\.json: the Unigram scores of model\.vocab could not be read again/,
    );
    expect(() => nativeUnigramScores("m/tokenizer.json", text, [vocab[0]!, ["a", -2.5]])).toThrow(
      /^m\/tokenizer\.json: model\.vocab\[1\]: the Unigram score -1\.5 read again is not the parsed -2\.5/,
    );
  });
});
