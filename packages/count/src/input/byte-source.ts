/** A stream of bytes from one input, with what is known about it before reading. */
export interface ByteSource {
  /** The input as the user named it. */
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  /** Total bytes when known (file size, Content-Length). */
  size?: number;
  /** A local regular file: formats that need random access (Parquet) read it in place. */
  localPath?: string;
}

/** Counts the bytes that pass, so an error can say how far into the input it happened. */
export class ByteCounter {
  constructor(private readonly tally: { inputBytes: number } = { inputBytes: 0 }) {}

  get bytes(): number {
    return this.tally.inputBytes;
  }

  async *wrap(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    for await (const chunk of chunks) {
      this.tally.inputBytes += chunk.length;
      yield chunk;
    }
  }
}

/** Reads at least `n` bytes (or all there is) and returns them with the untouched stream. */
export async function peek(
  chunks: AsyncIterable<Uint8Array>,
  n: number,
): Promise<{ head: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let length = 0;
  let done = false;
  let failure: unknown;
  while (length < n) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await iterator.next();
    } catch (error) {
      // Keep what was read: the reader counts it before it meets the error.
      if (length === 0) throw error;
      failure = error;
      done = true;
      break;
    }
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(seen);
  async function* rest(): AsyncIterable<Uint8Array> {
    if (head.length > 0) yield head;
    if (failure !== undefined) throw failure;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, chunks: rest() };
}
