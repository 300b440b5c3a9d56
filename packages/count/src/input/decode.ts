export type TextEncodingName = "utf-8" | "shift_jis" | "euc-jp";

/** An encoding, or "auto": UTF-8 unless the input's start is clearly Shift_JIS or EUC-JP (detect-encoding.ts). */
export type EncodingOption = TextEncodingName | "auto";

/** U+FFFD in UTF-8: in the input it is text, not an invalid sequence. */
export const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);

/** Running tallies of a decode, read after (or during) iteration. */
export interface DecodeStats {
  invalidUtf8: number;
}

/** Occurrences of `ch` in `text`. */
export function countChar(text: string, ch: string): number {
  let n = 0;
  let at = text.indexOf(ch);
  while (at !== -1) {
    n++;
    at = text.indexOf(ch, at + 1);
  }
  return n;
}

/**
 * Decodes bytes to text. Invalid sequences become U+FFFD (as every decoder does) and are
 * counted: U+FFFD in the output that was not already U+FFFD (EF BF BD) in the input.
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  encoding: TextEncodingName,
  stats: DecodeStats,
): AsyncIterable<string> {
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  let literal = 0;
  let replaced = 0;
  let tail = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (encoding === "utf-8") {
      // Look across the chunk boundary too: EF BF BD may be split between two chunks.
      const window = tail.length > 0 ? Buffer.concat([tail, bytes.subarray(0, 2)]) : undefined;
      if (window) literal += countBytes(window, REPLACEMENT_UTF8);
      literal += countBytes(bytes, REPLACEMENT_UTF8);
      tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2)));
    }
    const text = decoder.decode(bytes, { stream: true });
    replaced += countChar(text, "\uFFFD");
    stats.invalidUtf8 = Math.max(0, replaced - literal);
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  replaced += countChar(rest, "\uFFFD");
  stats.invalidUtf8 = Math.max(0, replaced - literal);
  if (rest.length > 0) yield rest;
}

/** Non-overlapping occurrences of `needle` in `haystack`. */
export function countBytes(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  let at = haystack.indexOf(needle);
  while (at !== -1) {
    n++;
    at = haystack.indexOf(needle, at + needle.length);
  }
  return n;
}

const BOM = [0xef, 0xbb, 0xbf];

/** UTF-8 bytes without the byte order mark a stream may start with (as TextDecoder removes it). */
export async function* withoutByteOrderMark(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let head: Uint8Array = new Uint8Array(0);
  let checked = false;
  for await (const chunk of chunks) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    if (head.length < BOM.length && BOM.slice(0, head.length).every((b, i) => head[i] === b)) continue;
    checked = true;
    yield BOM.every((b, i) => head[i] === b) ? head.subarray(BOM.length) : head;
  }
  if (!checked && head.length > 0) yield head;
}

/** Text decoded from another encoding, as UTF-8 (the workers read UTF-8). */
export async function* encodeUtf8(texts: AsyncIterable<string>): AsyncIterable<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const text of texts) yield encoder.encode(text);
}

/** One whole line of UTF-8 (no sequence crosses a "\n"), decoded; its invalid sequences added to `stats` as decodeText counts them. */
export function decodeUtf8Line(
  decoder: { decode(input: Uint8Array): string },
  bytes: Uint8Array,
  stats: DecodeStats,
): string {
  const text = decoder.decode(bytes);
  if (text.includes("\uFFFD")) {
    const literal = countBytes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), REPLACEMENT_UTF8);
    stats.invalidUtf8 += Math.max(0, countChar(text, "\uFFFD") - literal);
  }
  return text;
}
