/** undici's timeouts from census's HTTP policy: an answer within CENSUS_HTTP_ANSWER_MS, body bytes within CENSUS_HTTP_STALL_MS. */
export function requestTimeouts(): { headersTimeout: number; bodyTimeout: number } {
  const policy = httpRetryPolicy({});
  return { headersTimeout: Math.max(1, policy.answerMs), bodyTimeout: Math.max(1, policy.stallMs) };
}

/** What went wrong with a request undici made, in words that tell no connection from no answer. */
export function requestFailure(url: string, error: Error & { code?: string }): Error {
  const { headersTimeout } = requestTimeouts();
  const words: Record<string, string> = {
    UND_ERR_HEADERS_TIMEOUT: `no answer in ${Number((headersTimeout / 1000).toFixed(1))} s (CENSUS_HTTP_ANSWER_MS bounds the wait)`,
    UND_ERR_BODY_TIMEOUT: "the server stopped sending (CENSUS_HTTP_STALL_MS)",
    UND_ERR_SOCKET: "the server closed the connection without answering",
    ECONNREFUSED: "cannot connect (connection refused)",
    ENOTFOUND: "cannot connect (no such host)",
    EAI_AGAIN: "cannot connect (the host name could not be looked up)",
    EHOSTUNREACH: "cannot connect (host unreachable)",
    ENETUNREACH: "cannot connect (network unreachable)",
    UND_ERR_CONNECT_TIMEOUT: "cannot connect (no connection in time)",
  };
  const cause = (error.cause as { code?: string } | undefined)?.code;
  return new Error(`${url}: ${words[error.code ?? ""] ?? words[cause ?? ""] ?? `request failed (${error.message})`}`);
}
import { httpRetryPolicy } from "@corpus-census/common";
