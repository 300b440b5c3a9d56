import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { ByteCounter, peek, type ByteSource } from "./input/byte-source.js";
import {
  decodeText,
  encodeUtf8,
  withoutByteOrderMark,
  type DecodeStats,
  type EncodingOption,
  type TextEncodingName,
} from "./input/decode.js";
import { guessEncoding } from "./input/detect-encoding.js";
import { decompress, type Compression } from "./input/decompress.js";
import { openInput } from "./input/open.js";
import { refuseBinary } from "./input/binary-guard.js";
import { binaryReason, sniffFormat, type Format } from "./formats/detect.js";
import { jsonlDocuments, jsonlDocumentsFromUtf8 } from "./formats/jsonl.js";
import { chunkedDocuments, textChunks, type DocumentPart } from "./formats/lines.js";
import type { TextChunk } from "./formats/text-chunks.js";
import { mediawikiDocuments, type WikitextMode } from "./formats/mediawiki.js";
import { RecordError, type OnError, type ReadState } from "./formats/record-error.js";
import { documentsStartingIn, LOOK_BEHIND, type CuttableFormat } from "./shards/boundary-cut.js";

export interface ReadOptions {
  format?: Format;
  /** Cut documents of the text and lines formats longer than this many UTF-8 bytes at safe points (see segment.ts). */
  segmentBytes?: number;
  /** UTF-8 bytes per chunk of the text and lines formats (default 64 KiB). */
  chunkBytes?: number;
  /**
   * Text, lines and JSON Lines in UTF-8: skip this many bytes of the UTF-8 stream (after any byte
   * order mark) before cutting chunks or lines, to resume at a document boundary a checkpoint recorded.
   */
  skipBytes?: number;
  /** JSON Lines resumed at skipBytes: the lines before it and the records skipped in them (line numbers and --on-error skip's tally go on from there). */
  skippedLines?: { line: number; skipped: number };
  field?: string;
  wikitext: WikitextMode;
  /** "auto": UTF-8 unless the start of the input is clearly Shift_JIS or EUC-JP. */
  encoding: EncodingOption;
  onError: OnError;
}

/** An opened input: what it is, its documents, and tallies that grow as they are read. */
export interface OpenedDocuments {
  input: string;
  format: Format;
  compression: Compression;
  /** Total input size in bytes when known. */
  size?: number;
  documents: AsyncIterable<DocumentPart>;
  /**
   * The text and lines formats also as chunks of UTF-8 (text-chunks.ts), to decode and split
   * elsewhere; their invalid UTF-8 is then not in `decode`. `documents` reads these same chunks:
   * iterate one or the other, not both.
   */
  chunks?: AsyncIterable<TextChunk>;
  readonly inputBytes: number;
  /** The encoding the text was decoded from. */
  encoding: TextEncodingName;
  /** Why that encoding was chosen when "auto" found it is not UTF-8. */
  encodingEvidence?: string;
  decode: DecodeStats;
  state: ReadState;
  /** Removes temporary files (a spooled Parquet stream). */
  close(): void;
}

const SNIFF_BYTES = 64 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** How far reading got, kept outside the reader so that a failure while opening can say where. */
export interface ReadTally {
  inputBytes: number;
  size?: number;
  compression?: Compression;
}

/**
 * A share of one uncompressed file: the documents that start in bytes [start, end), in a format
 * known from the file's head (the share's own first bytes may be anywhere in a document).
 */
export interface DocumentRange {
  start: number;
  end: number;
  format: CuttableFormat;
}

/** The stream without its first `n` bytes (read, not counted: a checkpoint counted them). */
async function* skipBytes(chunks: AsyncIterable<Uint8Array>, n: number): AsyncIterable<Uint8Array> {
  let left = n;
  for await (const chunk of chunks) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
  if (left > 0)
    throw new Error(`the input is ${n - left} bytes shorter than the checkpoint says it was read (${n}); it changed`);
}

export async function openDocuments(
  input: string,
  options: ReadOptions,
  tally: ReadTally = { inputBytes: 0 },
  range?: DocumentRange,
): Promise<OpenedDocuments> {
  const source: ByteSource = await openInput(
    input,
    range ? { start: Math.max(0, range.start - LOOK_BEHIND) } : undefined,
  );
  tally.size = source.size;
  const counter = new ByteCounter(tally);
  // A range is cut where documents start, then counted: its input bytes tile the file's.
  const { compression, chunks } = range
    ? {
        compression: "none" as const,
        chunks: counter.wrap(documentsStartingIn(source.chunks, range.format, range.start, range.end)),
      }
    : await decompress(counter.wrap(source.chunks));
  tally.compression = compression;
  const peeked = await peek(chunks, SNIFF_BYTES);
  const format = range?.format ?? options.format ?? sniffFormat(peeked.head);
  const guess = options.encoding === "auto" && format !== "parquet" ? guessEncoding(peeked.head) : undefined;
  const encoding: TextEncodingName = guess?.encoding ?? (options.encoding === "auto" ? "utf-8" : options.encoding);
  if (format !== "parquet") {
    const reason = encoding === "utf-8" ? binaryReason(peeked.head) : undefined;
    if (reason) throw new RecordError(`not text: ${reason}`);
    // Binary data further in is refused where it is met (control bytes, window by window).
    peeked.chunks = refuseBinary(peeked.chunks);
  }
  const decode: DecodeStats = { invalidUtf8: 0 };
  const state: ReadState = { skipped: 0 };
  let cleanup = () => {};
  let documents: AsyncIterable<DocumentPart>;
  let documentChunks: AsyncIterable<TextChunk> | undefined;
  if (format === "parquet") {
    let path = compression === "none" ? source.localPath : undefined;
    if (!path) {
      // Parquet needs random access: spool a stream or a compressed file to disk, not memory.
      const dir = mkdtempSync(join(tmpdir(), "census-parquet-"));
      cleanup = () => rmSync(dir, { recursive: true, force: true });
      path = join(dir, "input.parquet");
      await pipeline(Readable.from(peeked.chunks), createWriteStream(path));
    }
    // Loaded for Parquet input only: hyparquet and its codecs cost every start a third of a second.
    const { parquetDocuments } = await import("./formats/parquet.js");
    documents = parquetDocuments(path, options.field, options.onError, state);
  } else {
    if (format === "text" || format === "lines") {
      // Cut as bytes, decoded in the workers: UTF-8 as read, other encodings decoded here first.
      // A byte order mark is only one at the start of the file.
      const utf8 =
        encoding === "utf-8"
          ? range && range.start > 0
            ? peeked.chunks
            : withoutByteOrderMark(peeked.chunks)
          : encodeUtf8(decodeText(peeked.chunks, encoding, decode));
      if (options.skipBytes && encoding !== "utf-8")
        throw new Error("resuming inside an input is only possible for UTF-8 text");
      const rest = options.skipBytes ? skipBytes(utf8, options.skipBytes) : utf8;
      documentChunks = textChunks(rest, format, options.segmentBytes, options.chunkBytes ?? CHUNK_BYTES);
      documents = chunkedDocuments(documentChunks, decode);
    } else if (format === "jsonl" && encoding === "utf-8") {
      // Split as bytes, so that each document knows where the next line starts: a checkpoint's offset.
      const utf8 = range && range.start > 0 ? peeked.chunks : withoutByteOrderMark(peeked.chunks);
      const rest = options.skipBytes ? skipBytes(utf8, options.skipBytes) : utf8;
      if (options.skippedLines) state.skipped = options.skippedLines.skipped;
      documents = jsonlDocumentsFromUtf8(rest, options.field, options.onError, state, decode, {
        offset: options.skipBytes ?? 0,
        line: options.skippedLines?.line ?? 0,
        skipped: options.skippedLines?.skipped ?? 0,
      });
    } else {
      if (options.skipBytes)
        throw new Error("resuming inside an input is only possible for UTF-8 text, lines and JSON Lines");
      const texts = decodeText(peeked.chunks, encoding, decode);
      documents =
        format === "jsonl"
          ? jsonlDocuments(texts, options.field, options.onError, state)
          : mediawikiDocuments(texts, options.wikitext);
    }
  }
  return {
    input,
    format,
    compression,
    size: source.size,
    documents,
    chunks: documentChunks,
    get inputBytes() {
      return tally.inputBytes;
    },
    encoding,
    ...(guess?.evidence ? { encodingEvidence: guess.evidence } : {}),
    decode,
    state,
    close: () => cleanup(),
  };
}
