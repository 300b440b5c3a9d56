import { createReadStream, statSync } from "node:fs";
import { HttpStreamError, hubHeaders, openHttpStream } from "@corpus-census/common";
import type { ByteSource } from "./byte-source.js";
import { systemErrorText } from "@corpus-census/common";

export class InputError extends Error {
  override name = "InputError";
}

const READ_CHUNK = 1 << 20;

/** An http(s) URL, which is read over the network rather than from a file. */
export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** Opens one input: `-` (stdin), an http(s) URL, or a local file; `range` reads only those bytes. */
export async function openInput(input: string, range?: ByteRange): Promise<ByteSource> {
  if (input === "-") {
    if (range) throw new InputError("-: stdin cannot be read from an offset");
    return { name: "-", chunks: process.stdin };
  }
  if (isUrl(input)) return openUrl(input, range);
  let size: number;
  try {
    const stat = statSync(input);
    if (!stat.isFile()) throw new InputError(`${input}: not a regular file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${input}: ${systemErrorText(error)}`);
  }
  const chunks = createReadStream(input, {
    highWaterMark: READ_CHUNK,
    start: range?.start,
    end: range?.end === undefined ? undefined : range.end - 1,
  });
  return { name: input, chunks, size, localPath: range ? undefined : input };
}

/** A byte range of an input: [start, end), end undefined for "to the end". */
interface ByteRange {
  start: number;
  end?: number;
}

async function openUrl(url: string, range: ByteRange | undefined): Promise<ByteSource> {
  let stream;
  try {
    stream = await openHttpStream(url, { start: range?.start, end: range?.end, headers: hubHeaders(url) });
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  return { name: url, chunks: asInputErrors(stream.chunks), size: stream.size };
}

async function* asInputErrors(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    throw error instanceof HttpStreamError ? new InputError(error.message) : error;
  }
}
