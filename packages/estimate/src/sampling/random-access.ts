import { open, type FileHandle } from "node:fs/promises";
import pLimit from "p-limit";
import { request } from "undici";
import { httpRetryPolicy } from "@corpus-census/common";
import { requestFailure, requestTimeouts } from "./http-failure.js";

/** A file that can be read at any offset: a local file, or a remote one through HTTP Range requests. */
export interface RandomAccessSource {
  readonly name: string;
  readonly size: number;
  /** Bytes fetched so far (what sampling cost). */
  readonly bytesRead: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export class LocalFileSource implements RandomAccessSource {
  bytesRead = 0;
  private constructor(
    readonly name: string,
    readonly size: number,
    private readonly handle: FileHandle,
  ) {}

  static async open(path: string): Promise<LocalFileSource> {
    const handle = await open(path, "r");
    const { size } = await handle.stat();
    return new LocalFileSource(path, size, handle);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const buffer = Buffer.alloc(n);
    let done = 0;
    while (done < n) {
      const { bytesRead } = await this.handle.read(buffer, done, n - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    this.bytesRead += done;
    return buffer.subarray(0, done);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** `bytes START-END/TOTAL` (TOTAL may be `*`) → its numbers; undefined when it is not that. */
function parseContentRange(value: string): { start: number; end: number; total?: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim());
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), ...(match[3] === "*" ? {} : { total: Number(match[3]) }) };
}

export class RangeNotSupportedError extends Error {
  override name = "RangeNotSupportedError";
}

/** A failed range read that trying again may mend. */
class TransientRangeFailure extends Error {
  override name = "TransientRangeFailure";
}

/** A remote file read with HTTP Range requests through undici; never downloads the whole file. */
export class HttpRangeSource implements RandomAccessSource {
  bytesRead = 0;
  private readonly limit: ReturnType<typeof pLimit>;
  private constructor(
    readonly name: string,
    readonly size: number,
    private readonly headers: Record<string, string>,
    inFlight: number,
  ) {
    this.limit = pLimit(inFlight);
  }

  static async open(url: string, headers: Record<string, string> = {}, inFlight = 8): Promise<HttpRangeSource> {
    const response = await request(url, {
      method: "GET",
      headers: { ...headers, range: "bytes=0-0" },
      ...requestTimeouts(),
    }).catch((error: Error) => {
      throw requestFailure(url, error);
    });
    await response.body.dump();
    if (response.statusCode === 200) {
      throw new RangeNotSupportedError(
        `${url}: the server ignores HTTP Range requests (it answered 200 with the whole file), so it cannot be sampled at random offsets; count it whole with census count`,
      );
    }
    if (response.statusCode !== 206) throw new Error(`${url}: HTTP ${response.statusCode}`);
    const range = String(response.headers["content-range"] ?? "");
    const parsed = parseContentRange(range);
    if (parsed?.total === undefined)
      throw new RangeNotSupportedError(`${url}: the server did not give the file size in Content-Range ("${range}")`);
    if (parsed.start !== 0)
      throw new RangeNotSupportedError(`${url}: asked for bytes from 0, got Content-Range "${range}"`);
    return new HttpRangeSource(url, parsed.total, headers, inFlight);
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    return this.limit(() => this.fetchRangeRetried(offset, length));
  }

  /**
   * A range read is idempotent, so a dropped connection, a timeout, a short body or a busy
   * server (429, 5xx) is tried again, with census's HTTP retries and doubling backoff, as a
   * streamed count is: one failed read among thousands would otherwise end the whole estimate.
   * A wrong answer (other bytes, the range ignored, 4xx) is not retried: it cannot mend.
   */
  private async fetchRangeRetried(offset: number, length: number): Promise<Uint8Array> {
    const { retries, backoffMs } = httpRetryPolicy({});
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.fetchRange(offset, length);
      } catch (error) {
        if (!(error instanceof TransientRangeFailure)) throw error;
        if (attempt >= retries)
          throw new Error(`${error.message}; gave up after ${retries + 1} tries (CENSUS_HTTP_RETRIES)`);
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** attempt));
      }
    }
  }

  private async fetchRange(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length) - 1;
    if (end < offset) return new Uint8Array(0);
    const response = await request(this.name, {
      headers: { ...this.headers, range: `bytes=${offset}-${end}` },
      ...requestTimeouts(),
    }).catch((error: Error) => {
      throw new TransientRangeFailure(requestFailure(this.name, error).message);
    });
    if (response.statusCode === 429 || response.statusCode >= 500) {
      await response.body.dump();
      throw new TransientRangeFailure(
        `${this.name}: a Range request for bytes ${offset}-${end} was answered with HTTP ${response.statusCode}`,
      );
    }
    if (response.statusCode !== 206) {
      await response.body.dump();
      throw new RangeNotSupportedError(
        `${this.name}: a Range request for bytes ${offset}-${end} was answered with HTTP ${response.statusCode}`,
      );
    }
    // A 206 of other bytes than those asked for (a misbehaving cache) would be a confident wrong estimate.
    const range = String(response.headers["content-range"] ?? "");
    const parsed = parseContentRange(range);
    if (
      !parsed ||
      parsed.start !== offset ||
      parsed.end !== end ||
      (parsed.total !== undefined && parsed.total !== this.size)
    ) {
      await response.body.dump();
      throw new RangeNotSupportedError(
        `${this.name}: asked for bytes from ${offset} to ${end}, got Content-Range "${range}"`,
      );
    }
    const bytes = new Uint8Array(
      await response.body.arrayBuffer().catch((error: Error) => {
        throw new TransientRangeFailure(requestFailure(this.name, error).message);
      }),
    );
    if (bytes.length !== parsed.end - parsed.start + 1) {
      throw new TransientRangeFailure(
        `${this.name}: Content-Range "${range}" announced ${parsed.end - parsed.start + 1} bytes, the answer had ${bytes.length}`,
      );
    }
    this.bytesRead += bytes.length;
    return bytes;
  }

  async close(): Promise<void> {}
}
