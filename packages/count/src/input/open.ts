import { createReadStream, statSync } from "node:fs";
import type { ByteSource } from "./byte-source.js";

export class InputError extends Error {
  override name = "InputError";
}

const READ_CHUNK = 1 << 20;

const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "cannot read it: permission denied",
  EPERM: "cannot read it: permission denied",
  ENOTDIR: "no such file (a part of the path is not a directory)",
  ELOOP: "cannot read it: too many symbolic links",
};

/** What went wrong, in words rather than Node's error code. */
export function systemErrorText(error: NodeJS.ErrnoException): string {
  return (error.code && SYSTEM_ERRORS[error.code]) ?? `cannot read it (${error.code ?? error.message})`;
}

/** Opens one input: `-` (stdin), an http(s) URL, or a local file. */
export async function openInput(input: string): Promise<ByteSource> {
  if (input === "-") return { name: "-", chunks: process.stdin };
  if (/^https?:\/\//i.test(input)) return openUrl(input);
  let size: number;
  try {
    const stat = statSync(input);
    if (!stat.isFile()) throw new InputError(`${input}: not a regular file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${input}: ${systemErrorText(error as NodeJS.ErrnoException)}`);
  }
  return { name: input, chunks: createReadStream(input, { highWaterMark: READ_CHUNK }), size, localPath: input };
}

async function openUrl(url: string): Promise<ByteSource> {
  // Loaded here, not at start-up: undici is a tenth of a second of every run that reads no URL.
  const [{ request }, { httpDispatcher }] = await Promise.all([import("undici"), import("../net/http.js")]);
  let response;
  try {
    response = await request(url, { dispatcher: httpDispatcher(), headers: { "user-agent": "corpus-census", "accept-encoding": "identity" } });
  } catch (error) {
    throw new InputError(`${url}: cannot connect (${(error as Error).message})`);
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new InputError(`${url}: HTTP ${response.statusCode}`);
  }
  const length = Number(response.headers["content-length"]);
  return { name: url, chunks: checkedLength(url, response.body, Number.isFinite(length) ? length : undefined), size: Number.isFinite(length) ? length : undefined };
}

/** A connection that closes early is an error, not the end of the data. */
async function* checkedLength(url: string, body: AsyncIterable<Uint8Array>, expected: number | undefined): AsyncIterable<Uint8Array> {
  let received = 0;
  try {
    for await (const chunk of body) {
      received += chunk.length;
      yield chunk;
    }
  } catch (error) {
    throw new InputError(`${url}: connection broken after ${received} bytes (${(error as Error).message})`);
  }
  if (expected !== undefined && received < expected) {
    throw new InputError(`${url}: connection closed after ${received} of ${expected} bytes`);
  }
}
