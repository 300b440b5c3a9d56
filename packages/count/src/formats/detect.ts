export const FORMATS = ["text", "lines", "jsonl", "parquet", "mediawiki"] as const;
export type Format = (typeof FORMATS)[number];

/** Tells the format from the first decompressed bytes. */
export function sniffFormat(head: Uint8Array): Format {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31)
    return "parquet";
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  while (
    start < head.length &&
    (head[start] === 0x20 || head[start] === 0x0a || head[start] === 0x0d || head[start] === 0x09)
  )
    start++;
  if (head[start] === 0x7b /* { */) return "jsonl";
  if (head[start] === 0x3c /* < */) {
    const prefix = Buffer.from(head.subarray(start, start + 4096)).toString("latin1");
    if (/<mediawiki[\s>]/.test(prefix)) return "mediawiki";
  }
  return "text";
}

/**
 * Why the first bytes are not text we can count, or undefined when they look like text: a
 * UTF-16 byte-order mark, or a NUL in the first 64 KiB (binary files, however short). The rest
 * of the stream is checked as it is read (input/binary-guard.ts).
 */
export function binaryReason(head: Uint8Array): string | undefined {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return "it starts with a UTF-16 byte-order mark; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)";
  }
  const nul = head.subarray(0, 64 * 1024).indexOf(0);
  if (nul !== -1) return `it contains NUL bytes (first at byte ${nul} after decompression): binary data, not text`;
  return undefined;
}
