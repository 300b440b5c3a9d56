import { request, type Dispatcher } from "undici";
import { fingerprint, isTextual } from "./fingerprint.js";

export interface FetchSourceOptions {
  userAgent: string;
  /** Whole time for one attempt (all redirects and the body read), ms. */
  timeoutMs: number;
  /** Further attempts after a network failure, a timeout, a 5xx or a 429. */
  retries: number;
  /** First back-off, doubled on each retry (a Retry-After header longer than it wins, up to maxBackoffMs). */
  backoffMs: number;
  maxBackoffMs: number;
  /** Bytes of a text body read for the fingerprint; the rest is not downloaded (a data file is never fetched whole). */
  maxBodyBytes: number;
  maxRedirects: number;
  dispatcher?: Dispatcher;
}

export const DEFAULT_FETCH_OPTIONS: Omit<FetchSourceOptions, "userAgent"> = {
  timeoutMs: 30_000,
  retries: 3,
  backoffMs: 1_000,
  maxBackoffMs: 30_000,
  maxBodyBytes: 2 * 1024 * 1024,
  maxRedirects: 10,
};

interface Redirect {
  url: string;
  status: number;
  location: string;
}

/** What one cited URL answered. */
interface FetchedSource {
  url: string;
  /** The final HTTP status, or null when no answer came (DNS, TLS, refused, timeout). */
  status: number | null;
  finalUrl: string;
  redirects: Redirect[];
  /** Why there is no status: the network error of the last attempt. */
  error?: string;
  attempts: number;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  contentLength?: number;
  /** sha256 of the body's stable text (see fingerprint.ts); only for text bodies. */
  fingerprint?: string;
  /** True when the body was longer than maxBodyBytes and the fingerprint covers its beginning only. */
  truncated?: boolean;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Hangs up on a body not wanted (the rest of a data file, a redirect's page); its abort is expected, not an error. */
function discard(body: Dispatcher.ResponseData["body"]): void {
  body.on("error", () => {});
  body.destroy();
}

/** Reads at most `max` bytes of a body and drops the connection's rest. */
async function readCapped(
  body: Dispatcher.ResponseData["body"],
  max: number,
): Promise<{ text: string; truncated: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= max) {
      truncated = true;
      break;
    }
  }
  if (truncated) discard(body);
  return { text: Buffer.concat(parts).subarray(0, max).toString("utf8"), truncated };
}

/** Seconds or an HTTP date, as Retry-After allows; ms, or undefined when absent or unreadable. */
function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Attempt {
  result: FetchedSource;
  /** Worth another try: a network failure, a timeout, a 5xx or a 429. */
  transient: boolean;
  retryAfter?: number;
}

async function attempt(url: string, options: FetchSourceOptions): Promise<Attempt> {
  const redirects: Redirect[] = [];
  const signal = AbortSignal.timeout(options.timeoutMs);
  let current = url;
  try {
    for (;;) {
      const response = await request(current, {
        method: "GET",
        headers: {
          "user-agent": options.userAgent,
          accept: "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
        },
        signal,
        dispatcher: options.dispatcher,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        // The parser pauses when a body stream's buffer is full, and undici 7 crashes if the
        // server then closes the connection (nodejs/undici#5360). A buffer larger than all we
        // read never fills.
        highWaterMark: options.maxBodyBytes + 64 * 1024,
      });
      const headers = response.headers as Record<string, string | string[] | undefined>;
      const location = header(headers, "location");
      if (response.statusCode >= 300 && response.statusCode < 400 && location) {
        discard(response.body);
        const next = new URL(location, current).href;
        redirects.push({ url: current, status: response.statusCode, location: next });
        if (redirects.length > options.maxRedirects) {
          return {
            transient: false,
            result: {
              url,
              status: null,
              finalUrl: next,
              redirects,
              attempts: 1,
              error: `more than ${options.maxRedirects} redirects`,
            },
          };
        }
        current = next;
        continue;
      }
      const contentType = header(headers, "content-type");
      const length = header(headers, "content-length");
      const result: FetchedSource = {
        url,
        status: response.statusCode,
        finalUrl: current,
        redirects,
        attempts: 1,
        ...(contentType ? { contentType } : {}),
        ...(header(headers, "etag") ? { etag: header(headers, "etag")! } : {}),
        ...(header(headers, "last-modified") ? { lastModified: header(headers, "last-modified")! } : {}),
        ...(length && /^\d+$/.test(length) ? { contentLength: Number(length) } : {}),
      };
      const transient = response.statusCode >= 500 || response.statusCode === 429;
      if (response.statusCode < 400 && isTextual(contentType)) {
        const { text, truncated } = await readCapped(response.body, options.maxBodyBytes);
        result.fingerprint = fingerprint(text, contentType);
        if (truncated) result.truncated = true;
      } else {
        discard(response.body);
      }
      return { result, transient, retryAfter: retryAfterMs(header(headers, "retry-after")) };
    }
  } catch (error) {
    const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
    const timedOut = signal.aborted || e.name === "TimeoutError" || /Timeout/.test(e.code ?? "");
    const detail = timedOut
      ? `no answer within ${options.timeoutMs / 1000} s`
      : [e.code ?? e.cause?.code, e.cause?.message ?? e.message].filter(Boolean).join(": ");
    return { transient: true, result: { url, status: null, finalUrl: current, redirects, attempts: 1, error: detail } };
  }
}

/**
 * Fetches one cited URL as a careful reader would: redirects followed by hand and recorded,
 * a bounded read of the body, and transient failures (network, timeout, 5xx, 429) retried with
 * exponential back-off. Never throws: a URL that cannot be had says why.
 */
export async function fetchSource(url: string, options: FetchSourceOptions): Promise<FetchedSource> {
  let last: Attempt | undefined;
  for (let i = 0; i <= options.retries; i++) {
    if (last) {
      const backoff = Math.min(options.maxBackoffMs, Math.max(options.backoffMs * 2 ** (i - 1), last.retryAfter ?? 0));
      await sleep(backoff);
    }
    last = await attempt(url, options);
    last.result.attempts = i + 1;
    if (!last.transient) break;
  }
  return last!.result;
}
