/** `scheme://user:password@` in any text: the userinfo, which holds credentials. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s?#@]*@/gi;

/**
 * The text with the credentials of every URL in it replaced by `***`
 * (`http://user:pass@host/x` → `http://***@host/x`): what census prints and writes about an
 * input, a message or a file, never the password it was given in a URL.
 */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO, "$1***@");
}

/** A JSON value with every string's URL credentials redacted (for files census writes). */
export function redactJson<T>(value: T): T {
  return JSON.parse(redactCredentials(JSON.stringify(value))) as T;
}
