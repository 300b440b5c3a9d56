import { countBytes, countChar, REPLACEMENT_UTF8, type TextEncodingName } from "./decode.js";

/** What the start of an input says about its encoding. */
export interface EncodingGuess {
  encoding: TextEncodingName;
  /** Why it is not UTF-8, for the user; undefined when it is read as UTF-8. */
  evidence?: string;
}

/** The encodings other than UTF-8 that an input may be found to be in. */
const LEGACY: TextEncodingName[] = ["shift_jis", "euc-jp"];

export const ENCODING_LABELS: Record<TextEncodingName, string> = {
  "utf-8": "UTF-8",
  shift_jis: "Shift_JIS",
  "euc-jp": "EUC-JP",
};

/**
 * Below this many invalid UTF-8 sequences, or this share of the non-ASCII bytes, a file is
 * UTF-8 with some damage (a cut multi-byte character, a stray Latin-1 byte), not another
 * encoding: Japanese in Shift_JIS or EUC-JP makes an invalid sequence of nearly every
 * non-ASCII byte pair (0.5–1 per byte), UTF-8 text almost none.
 */
const MIN_INVALID = 8;
const MIN_INVALID_SHARE = 0.05;
/** A legacy decoding may leave this share of its characters undecodable (a user-defined character, a damaged byte). */
const MAX_LEGACY_ERRORS = 0.002;
/** Kana, CJK ideographs and full-width forms among the non-ASCII characters a legacy decoding gives. */
const MIN_JAPANESE_SHARE = 0.6;

function decodeHead(head: Uint8Array, encoding: TextEncodingName): string {
  // stream: a character cut at the end of the head is neither counted nor an error.
  return new TextDecoder(encoding, { fatal: false }).decode(head, { stream: true });
}

/** Non-ASCII characters of `text`, and how many are Japanese script (half-width katakana left out: EUC-JP read as Shift_JIS is full of it). */
function japaneseShare(text: string): { nonAscii: number; share: number } {
  let nonAscii = 0;
  let japanese = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || cp === 0xfffd) continue;
    nonAscii++;
    if (
      (cp >= 0x3000 && cp <= 0x30ff) || // CJK punctuation, hiragana, katakana
      (cp >= 0x4e00 && cp <= 0x9fff) || // CJK ideographs
      (cp >= 0xff01 && cp <= 0xff5e) || // full-width ASCII forms
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x2010 && cp <= 0x25ff) // dashes, quotes, symbols of JIS X 0208 row 1–2
    ) {
      japanese++;
    }
  }
  return { nonAscii, share: nonAscii === 0 ? 0 : japanese / nonAscii };
}

/**
 * UTF-8, unless the head of an input is largely invalid UTF-8 and decodes cleanly, as
 * Japanese, in Shift_JIS or EUC-JP (the encodings of Aozora Bunko, older corpora and
 * Japanese web archives): then that one. `head` is the first bytes after decompression.
 */
export function guessEncoding(head: Uint8Array): EncodingGuess {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const asUtf8 = decodeHead(bytes, "utf-8");
  const invalid = countChar(asUtf8, "\uFFFD") - countBytes(bytes, REPLACEMENT_UTF8);
  let nonAsciiBytes = 0;
  for (const b of bytes) if (b >= 0x80) nonAsciiBytes++;
  if (invalid < MIN_INVALID || invalid < nonAsciiBytes * MIN_INVALID_SHARE) return { encoding: "utf-8" };
  let best: { encoding: TextEncodingName; share: number } | undefined;
  for (const encoding of LEGACY) {
    const text = decodeHead(bytes, encoding);
    const errors = countChar(text, "\uFFFD");
    const { nonAscii, share } = japaneseShare(text);
    if (nonAscii === 0 || errors > nonAscii * MAX_LEGACY_ERRORS || share < MIN_JAPANESE_SHARE) continue;
    if (!best || share > best.share) best = { encoding, share };
  }
  if (!best) return { encoding: "utf-8" };
  const kB = Math.round(bytes.length / 1000);
  return {
    encoding: best.encoding,
    evidence: `${invalid.toLocaleString("en-US")} invalid UTF-8 sequences in the first ${kB} kB, which decode cleanly as ${ENCODING_LABELS[best.encoding]} (${Math.round(best.share * 100)}% of the non-ASCII characters Japanese script)`,
  };
}
