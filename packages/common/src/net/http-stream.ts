import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { redactCredentials } from "./redact.js";

/**
 * Streaming GET over node:http, not undici: undici 7's HTTP/1 parser asserts (and crashes the
 * process, uncatchably) when a server closes the connection while a slow consumer has paused
 * the body (nodejs/undici#5360, fixed only in undici 8, which needs Node 22). Node's own client
 * keeps its backpressure on the socket and ends the body normally.
 *
 * A transfer that breaks (connection dropped, 5xx, no bytes for `stallMs`) is retried with
 * backoff and resumed with a Range request from the last byte received, guarded by If-Range: a
 * file that changed on the server answers 200 instead of 206, and is reported, never mixed.
 */
export class HttpStreamError extends Error {
  override name = "HttpStreamError";
  constructor(
    message: string,
    /** Bytes of the resource received before the failure (absolute offset). */
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface HttpStreamOptions {
  /** First byte to read (a Range request when > 0 or `end` is set). */
  start?: number;
  /** One past the last byte to read; undefined: to the end. */
  end?: number;
  headers?: Record<string, string>;
  /** Retries after a failure without progress (default 5). */
  retries?: number;
  /** Backoff before the first retry, doubled after each (default 500 ms). */
  backoffMs?: number;
  /** A transfer with no bytes for this long is dropped and resumed (default 60 s). */
  stallMs?: number;
  /** How long to wait for a server's answer to one request, over all its tries and their backoff (default 60 s). */
  answerMs?: number;
}

export interface HttpStream {
  url: string;
  /** Size of the whole resource when known (Content-Length of a 200, or the total of a Content-Range). */
  size?: number;
  etag?: string;
  lastModified?: string;
  acceptsRanges: boolean;
  chunks: AsyncIterable<Uint8Array>;
}

const MAX_REDIRECTS = 5;

/** Every request says who asks, and takes the bytes as stored (byte offsets are of the file, not of a compressed transfer). */
const BASE_HEADERS: OutgoingHttpHeaders = { "user-agent": "corpus-census", "accept-encoding": "identity" };

/** The retry policy can be tightened from the environment (tests, impatient users). */
function envNumber(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function httpRetryPolicy(options: HttpStreamOptions): {
  retries: number;
  backoffMs: number;
  stallMs: number;
  answerMs: number;
} {
  return {
    retries: options.retries ?? envNumber("CENSUS_HTTP_RETRIES") ?? 5,
    backoffMs: options.backoffMs ?? envNumber("CENSUS_HTTP_BACKOFF_MS") ?? 500,
    stallMs: options.stallMs ?? envNumber("CENSUS_HTTP_STALL_MS") ?? 60_000,
    answerMs: options.answerMs ?? envNumber("CENSUS_HTTP_ANSWER_MS") ?? 60_000,
  };
}

/** Where waiting for a server is shown (a terminal's status line); undefined text: the wait is over. */
let waitReporter: ((text: string | undefined) => void) | undefined;

/** Sets (or, with undefined, removes) what is told, once a second, that census is waiting for a server's answer. */
export function setHttpWaitReporter(reporter: ((text: string | undefined) => void) | undefined): void {
  waitReporter = reporter;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** A failure that trying again cannot mend (a redirect loop): not retried. */
class HttpFatalError extends Error {
  override name = "HttpFatalError";
}

/** A request that got no answer: with `connected`, the server took the connection and did not answer. */
class HttpNoAnswerError extends Error {
  override name = "HttpNoAnswerError";
  constructor(
    message: string,
    readonly connected: boolean,
  ) {
    super(message);
  }
}

/** Words for a failure to connect (ECONNREFUSED...), or the error's own message. */
function connectionWords(error: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "no such host",
    EAI_AGAIN: "the host name could not be looked up",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ECONNRESET: "connection reset",
    ETIMEDOUT: "timed out",
  };
  return (error.code && words[error.code]) ?? error.message;
}

/**
 * One GET, following redirects; the Authorization header is not carried to another host. A
 * redirect loop or too many redirects is an HttpFatalError; no answer (refused, closed, or
 * none in `timeoutMs`) an HttpNoAnswerError that says whether the server took the connection.
 */
export async function httpGet(
  url: string,
  headers: OutgoingHttpHeaders,
  timeoutMs: number,
  method = "GET",
): Promise<{ url: string; response: IncomingMessage }> {
  let current = new URL(url);
  const origin = current.host;
  const chain = [current.href];
  for (let hop = 0; ; hop++) {
    const sent = { ...headers };
    if (current.host !== origin) delete sent.authorization;
    const started = Date.now();
    const target = current;
    const report = waitReporter;
    const ticker = report
      ? setInterval(
          () =>
            report(
              `waiting for an answer from ${target.host}, ${Math.round((Date.now() - started) / 1000)} s (gives up after ${seconds(timeoutMs)})`,
            ),
          1000,
        )
      : undefined;
    let response: IncomingMessage;
    try {
      response = await new Promise<IncomingMessage>((resolve, reject) => {
        const send = target.protocol === "https:" ? httpsRequest : httpRequest;
        let connected = false;
        let timedOut = false;
        const request = send(target, { method, headers: sent }, resolve);
        request.on("socket", (socket) => {
          if (!socket.connecting) connected = true;
          else socket.once("connect", () => (connected = true));
        });
        // Until the headers arrive; the body has its own stall timer.
        request.setTimeout(timeoutMs, () => {
          timedOut = true;
          request.destroy();
        });
        request.on("error", (error: NodeJS.ErrnoException) => {
          if (timedOut)
            reject(
              new HttpNoAnswerError(
                connected
                  ? `no answer in ${seconds(timeoutMs)}`
                  : `cannot connect (no connection in ${seconds(timeoutMs)})`,
                connected,
              ),
            );
          else if (connected)
            reject(
              new HttpNoAnswerError(
                `the server closed the connection without answering (${connectionWords(error)})`,
                true,
              ),
            );
          else reject(new HttpNoAnswerError(`cannot connect (${connectionWords(error)})`, false));
        });
        request.end();
      });
    } finally {
      if (ticker) {
        clearInterval(ticker);
        report!(undefined);
      }
    }
    response.socket?.setTimeout(0);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      current = new URL(location, current);
      const loop = chain.includes(current.href);
      chain.push(current.href);
      if (loop) throw new HttpFatalError(`redirect loop: ${chain.map(redactCredentials).join(" → ")}`);
      if (hop >= MAX_REDIRECTS)
        throw new HttpFatalError(`more than ${MAX_REDIRECTS} redirects: ${chain.map(redactCredentials).join(" → ")}`);
      continue;
    }
    return { url: current.href, response };
  }
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Content-Length as a number; undefined when absent or not a number. */
function contentLength(response: IncomingMessage): number | undefined {
  const length = header(response, "content-length");
  return length !== undefined && Number.isFinite(Number(length)) ? Number(length) : undefined;
}

/** `bytes START-END/TOTAL` → its parts. */
function contentRange(response: IncomingMessage): { start: number; total?: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(response, "content-range") ?? "");
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[3] === "*" ? undefined : Number(match[3]) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rangeHeader(start: number, end: number | undefined): string | undefined {
  if (start === 0 && end === undefined) return undefined;
  return `bytes=${start}-${end === undefined ? "" : end - 1}`;
}

class RetryableError extends Error {}

type RetryPolicy = ReturnType<typeof httpRetryPolicy>;

/**
 * One request; no answer (cannot connect, closed, none in time) and a 5xx or 429 answer are
 * RetryableErrors; a redirect loop is an HttpStreamError at once.
 */
async function requestOnce(
  url: string,
  headers: OutgoingHttpHeaders,
  timeoutMs: number,
  method: string,
  offset = 0,
): Promise<IncomingMessage> {
  let got;
  try {
    got = await httpGet(url, headers, timeoutMs, method);
  } catch (error) {
    if (error instanceof HttpFatalError) throw new HttpStreamError(`${url}: ${error.message}`, offset);
    throw new RetryableError(
      error instanceof HttpNoAnswerError ? error.message : `cannot connect (${(error as Error).message})`,
    );
  }
  const status = got.response.statusCode ?? 0;
  if (status >= 500 || status === 429) {
    got.response.resume();
    throw new RetryableError(`the server answered HTTP ${status}`);
  }
  return got.response;
}

/**
 * requestOnce, retried with backoff up to the policy's retries and within its answerMs in all
 * (a server that never answers is given up on then); `offset` is where a failure leaves the resource.
 */
async function requestWithRetries(
  url: string,
  headers: OutgoingHttpHeaders,
  policy: RetryPolicy,
  offset: number,
  method = "GET",
): Promise<IncomingMessage> {
  let lastError = "";
  const started = Date.now();
  const deadline = started + policy.answerMs;
  let tries = 0;
  for (; tries <= policy.retries; tries++) {
    if (tries > 0) {
      const backoff = policy.backoffMs * 2 ** (tries - 1);
      if (Date.now() + backoff >= deadline) break;
      waitReporter?.(`${redactCredentials(url)}: ${lastError}; trying again in ${seconds(backoff)}`);
      await sleep(backoff);
      waitReporter?.(undefined);
    }
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      return await requestOnce(url, headers, Math.min(policy.stallMs, left), method, offset);
    } catch (error) {
      if (!(error instanceof RetryableError)) throw error;
      lastError = error.message;
    }
  }
  const why =
    tries > policy.retries
      ? `gave up after ${policy.retries} retries`
      : `gave up after ${tries} tr${tries === 1 ? "y" : "ies"} in ${seconds(Date.now() - started)}; CENSUS_HTTP_ANSWER_MS (${policy.answerMs}) bounds the wait`;
  throw new HttpStreamError(`${url}: ${lastError} (${why})`, offset);
}

/**
 * Opens `url` for streaming from `start`. The first response is retried like a broken transfer
 * (5xx, connection refused or reset); a 4xx fails at once.
 */
export async function openHttpStream(url: string, options: HttpStreamOptions = {}): Promise<HttpStream> {
  const policy = httpRetryPolicy(options);
  const start = options.start ?? 0;
  const end = options.end;
  const base: OutgoingHttpHeaders = { ...BASE_HEADERS, ...options.headers };

  const headersFrom = (from: number, validator: string | undefined): OutgoingHttpHeaders => {
    const headers: OutgoingHttpHeaders = { ...base };
    const range = rangeHeader(from, end);
    if (range) headers.range = range;
    if (range && validator) headers["if-range"] = validator;
    return headers;
  };

  const first = await requestWithRetries(url, headersFrom(start, undefined), policy, start);
  const status = first.statusCode ?? 0;
  const ranged = rangeHeader(start, end) !== undefined;
  if (ranged ? status !== 206 : status !== 200) {
    first.resume();
    const why =
      ranged && status === 200
        ? "the server ignored the Range request (it does not serve byte ranges)"
        : `HTTP ${status}`;
    throw new HttpStreamError(`${url}: ${why}`, start);
  }
  if (ranged && contentRange(first)?.start !== start) {
    first.resume();
    throw new HttpStreamError(
      `${url}: asked for bytes from ${start}, got Content-Range "${header(first, "content-range")}"`,
      start,
    );
  }
  const etag = header(first, "etag");
  const lastModified = header(first, "last-modified");
  const acceptsRanges = ranged || /bytes/i.test(header(first, "accept-ranges") ?? "");
  const size = ranged ? contentRange(first)?.total : contentLength(first);
  // If-Range needs a strong validator: an ETag that is not weak, else the date.
  const validator = etag && !etag.startsWith("W/") ? etag : lastModified;
  const expectedEnd = end ?? size;

  async function* chunks(): AsyncIterable<Uint8Array> {
    let offset = start;
    let response: IncomingMessage | undefined = first;
    let failures = 0;
    let problem = "";
    for (;;) {
      if (response) {
        const before = offset;
        try {
          for await (const chunk of stallGuarded(response, policy.stallMs)) {
            offset += chunk.length;
            yield chunk;
          }
          if (expectedEnd === undefined || offset >= expectedEnd) return;
          problem = `connection closed after byte ${offset.toLocaleString("en-US")} of ${expectedEnd.toLocaleString("en-US")}`;
        } catch (error) {
          problem = `connection broken after byte ${offset.toLocaleString("en-US")} (${(error as Error).message})`;
        } finally {
          response.destroy();
        }
        response = undefined;
        if (offset > before) failures = 0;
      }
      if (failures >= policy.retries) {
        throw new HttpStreamError(`${url}: ${problem}; gave up after ${policy.retries} retries`, offset);
      }
      if (!acceptsRanges || !validator) {
        const why = !acceptsRanges
          ? "the server does not serve byte ranges"
          : "the server sent no ETag or Last-Modified to check the file against";
        throw new HttpStreamError(`${url}: ${problem}; cannot resume (${why})`, offset);
      }
      failures++;
      await sleep(policy.backoffMs * 2 ** (failures - 1));
      let next: IncomingMessage;
      try {
        next = await requestOnce(url, headersFrom(offset, validator), policy.stallMs, "GET", offset);
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        problem = `resuming at byte ${offset.toLocaleString("en-US")}: ${error.message}`;
        continue;
      }
      if (next.statusCode === 200) {
        next.destroy();
        throw new HttpStreamError(
          `${url}: changed on the server during the count (If-Range ${validator} no longer matches); the bytes before ${offset.toLocaleString("en-US")} are of the old version, so it is not resumed`,
          offset,
        );
      }
      if (next.statusCode !== 206 || contentRange(next)?.start !== offset) {
        next.destroy();
        throw new HttpStreamError(
          `${url}: resuming at byte ${offset}: HTTP ${next.statusCode} ${header(next, "content-range") ?? ""}`.trim(),
          offset,
        );
      }
      response = next;
    }
  }

  return { url, size, etag, lastModified, acceptsRanges, chunks: chunks() };
}

/** The body's chunks; a wait of more than `stallMs` for the next one fails as a stall. */
export async function* stallGuarded(response: IncomingMessage, stallMs: number): AsyncIterable<Uint8Array> {
  const iterator = response[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`stalled: no data for ${stallMs} ms`)), stallMs);
    });
    let next: IteratorResult<Buffer>;
    try {
      next = await Promise.race([iterator.next(), stalled]);
    } finally {
      clearTimeout(timer);
    }
    if (next.done) return;
    yield next.value;
  }
}

/** What a HEAD request says about a URL: size and validators, to plan shards and identify a job. */
export async function headResource(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ size?: number; etag?: string; lastModified?: string; acceptsRanges: boolean }> {
  const response = await requestWithRetries(url, { ...BASE_HEADERS, ...headers }, httpRetryPolicy({}), 0, "HEAD");
  response.resume();
  const status = response.statusCode ?? 0;
  if (status !== 200) throw new HttpStreamError(`${url}: HTTP ${status}`, 0);
  return {
    size: contentLength(response),
    etag: header(response, "etag"),
    lastModified: header(response, "last-modified"),
    acceptsRanges: /bytes/i.test(header(response, "accept-ranges") ?? ""),
  };
}
