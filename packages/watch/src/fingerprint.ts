import { createHash } from "node:crypto";

/**
 * The text of a page with what changes on every visit taken out, so that its hash changes
 * when the words a reader relies on change, and not when a page only re-renders: scripts,
 * styles, comments and markup; dates and clock times; long tokens of hex or base64 (session
 * ids, build hashes, nonces). Numbers are kept: a size or a licence version is a number.
 */
function stableText(body: string, contentType: string | undefined): string {
  let text = body;
  if (!contentType || /html|xml/i.test(contentType)) {
    text = text
      .replace(/<script\b[\s\S]*?<\/script\s*>/gi, " ")
      .replace(/<style\b[\s\S]*?<\/style\s*>/gi, " ")
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(/<[^>]*>/g, " ")
      .replace(/&nbsp;|&#160;/g, " ")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&apos;/g, "'");
  }
  return text
    .replace(/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, " ")
    .replace(/\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\b/g, " ")
    .replace(
      /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{4}\b/g,
      " ",
    )
    .replace(/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b/g, " ")
    .replace(/\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\b/g, " ")
    .replace(/\d{4}年\d{1,2}月\d{1,2}日/g, " ")
    .replace(/\b[0-9a-f]{32,}\b/gi, " ")
    .replace(/[A-Za-z0-9+/_-]{40,}={0,2}/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** sha256 of the page's stable text, hex. */
export function fingerprint(body: string, contentType: string | undefined): string {
  return createHash("sha256").update(stableText(body, contentType)).digest("hex");
}

/** Content types whose body is text a fingerprint can be taken of (others: headers only). */
export function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^text\/|html|xml|json|javascript/i.test(contentType);
}
