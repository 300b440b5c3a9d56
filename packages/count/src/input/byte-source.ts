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
  bytes = 0;

  async *wrap(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    for await (const chunk of chunks) {
      this.bytes += chunk.length;
      yield chunk;
    }
  }
}

/** Reads at least `n` bytes (or all there is) and returns them with the untouched stream. */
export async function peek(chunks: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < n) {
    const next = await iterator.next();
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
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, chunks: rest() };
}
