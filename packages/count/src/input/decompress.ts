import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { peek } from "./byte-source.js";

// The decompressors are loaded when an input needs one (a third of a second of every start
// otherwise); gzip is Node's own.

export type Compression = "none" | "gzip" | "bzip2" | "xz" | "zstd";

/** Compression is told by the leading bytes, never by the file name. */
export function sniffCompression(head: Uint8Array): Compression {
  const b = head;
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return "gzip";
  if (b.length >= 3 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68) return "bzip2";
  if (
    b.length >= 6 &&
    b[0] === 0xfd &&
    b[1] === 0x37 &&
    b[2] === 0x7a &&
    b[3] === 0x58 &&
    b[4] === 0x5a &&
    b[5] === 0x00
  )
    return "xz";
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return "zstd";
  return "none";
}

class TruncatedInputError extends Error {
  override name = "TruncatedInputError";
}

export async function decompress(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ compression: Compression; chunks: AsyncIterable<Uint8Array> }> {
  const peeked = await peek(chunks, 6);
  const compression = sniffCompression(peeked.head);
  switch (compression) {
    case "none":
      return { compression, chunks: peeked.chunks };
    case "gzip":
      return { compression, chunks: throughNodeStream(peeked.chunks, createGunzip(), "gzip") };
    case "bzip2":
      return {
        compression,
        chunks: throughNodeStream(peeked.chunks, (await import("unbzip2-stream")).default(), "bzip2"),
      };
    case "xz":
      return { compression, chunks: xz(peeked.chunks) };
    case "zstd":
      return { compression, chunks: zstd(peeked.chunks) };
  }
}

async function* throughNodeStream(
  chunks: AsyncIterable<Uint8Array>,
  transform: NodeJS.ReadWriteStream,
  name: string,
): AsyncIterable<Uint8Array> {
  const source = Readable.from(chunks);
  // unbzip2-stream is an old-style stream; wrap() gives it pause/resume.
  const output = transform instanceof Readable ? transform : new Readable().wrap(transform);
  // Read by events, not by async iteration: an iterator rejects at the first error and drops the
  // output already decompressed, and a count must keep what came before a truncation.
  const queue: Uint8Array[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  output.on("data", (chunk: Uint8Array) => {
    queue.push(chunk);
    if (queue.length >= 16) output.pause();
    notify();
  });
  output.on("end", () => {
    ended = true;
    notify();
  });
  const fail = (error: Error) => {
    failure ??= error;
    notify();
  };
  output.on("error", fail);
  transform.on("error", fail);
  source.on("error", fail);
  source.pipe(transform as NodeJS.WritableStream);
  try {
    for (;;) {
      if (queue.length > 0) {
        yield queue.shift()!;
        if (queue.length < 4 && output.isPaused()) output.resume();
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (error) {
    const message = (error as Error).message;
    if (/unexpected end|end of file|truncated|premature|ended in middle|reading .0./i.test(message)) {
      throw new TruncatedInputError(`${name} stream is truncated (${message})`);
    }
    throw new Error(`${name} stream is corrupt (${message})`);
  } finally {
    source.destroy();
  }
}

async function* xz(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const web = ReadableStream.from(chunks) as unknown as ReadableStream<Uint8Array>;
  const { XzReadableStream } = (await import("xz-decompress")).default;
  const reader = new XzReadableStream(web).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } catch (error) {
    throw describeXzError(error);
  }
}

function describeXzError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  // xz-embedded's XZ_BUF_ERROR (8): the input ended before the stream did.
  if (/error code 8\b|truncat|unexpected end/i.test(message))
    return new TruncatedInputError(`xz stream is truncated (${message})`);
  return new Error(`xz stream is corrupt (${message})`);
}

async function* zstd(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  // libzstd verifies each frame's checksum; a stream that ends inside a frame is an error.
  const { DecompressStream } = await import("zstd-napi");
  yield* throughNodeStream(chunks, new DecompressStream(), "zstd");
}
