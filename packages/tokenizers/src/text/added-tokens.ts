import type { AddedToken } from "../tokenizer-json/added-tokens.js";

/** Whether every added token is matched as plain text in the raw text (no stripping, no word boundaries, not normalized first): what AddedTokens implements. */
export function plainAddedTokens(tokens: readonly AddedToken[]): boolean {
  return tokens.every((t) => !t.lstrip && !t.rstrip && !t.singleWord && !t.normalized);
}

/**
 * Added tokens (special tokens and the like) as Hugging Face finds them in raw text: the
 * leftmost match first, and the longest where several start at the same place; each counts
 * as one token and the text between them is tokenized on its own.
 */
export class AddedTokens {
  /**
   * A trie over UTF-16 units: the edge from node n by unit u is `edges.get(n * 0x10000 + u)`; a
   * node that ends a token holds its length. Gemma 3 has 6,322 added tokens starting with "<":
   * a trie finds the longest at a "<" in a few steps, where trying each would take thousands.
   */
  private readonly edges = new Map<number, number>();
  private readonly ends: number[] = [0];
  /** 1 for each UTF-16 unit some added token starts with: elsewhere `lengthAt` is 0 without a look. */
  readonly mayStart = new Uint8Array(0x10000);
  /** Whether there are no added tokens at all. */
  readonly none: boolean;
  /**
   * The units added tokens start with, as a regular expression: V8 seeks the next in native code,
   * several times faster than a loop over the text's units in JavaScript (most text has none).
   */
  private readonly starts: RegExp;

  constructor(contents: readonly string[]) {
    for (const content of contents) {
      if (content.length === 0) continue;
      this.mayStart[content.charCodeAt(0)] = 1;
      let node = 0;
      for (let i = 0; i < content.length; i++) {
        const key = node * 0x10000 + content.charCodeAt(i);
        let next = this.edges.get(key);
        if (next === undefined) {
          next = this.ends.length;
          this.ends.push(0);
          this.edges.set(key, next);
        }
        node = next;
      }
      this.ends[node] = content.length;
    }
    this.none = this.ends.length === 1;
    const units: string[] = [];
    for (let u = 0; u < 0x10000; u++) if (this.mayStart[u] === 1) units.push(`\\u${u.toString(16).padStart(4, "0")}`);
    this.starts = new RegExp(`[${units.join("")}]`, "g");
  }

  /** Added tokens in `text`, plus `countSegment` of each stretch between them (given with its offset in `text`). */
  count(text: string, countSegment: (segment: string, start: number) => number): number {
    if (this.none) return text.length > 0 ? countSegment(text, 0) : 0;
    const starts = this.starts;
    let total = 0;
    let last = 0;
    starts.lastIndex = 0;
    while (starts.test(text)) {
      const i = starts.lastIndex - 1;
      const match = this.lengthAt(text, i);
      if (match === 0) continue;
      if (i > last) total += countSegment(text.slice(last, i), last);
      total += 1;
      last = i + match;
      starts.lastIndex = last;
    }
    if (last < text.length) total += countSegment(last === 0 ? text : text.slice(last), last);
    return total;
  }

  /** The length of the longest added token at text[i], or 0. */
  lengthAt(text: string, i: number): number {
    const { edges, ends } = this;
    let node = 0;
    let longest = 0;
    for (let j = i; j < text.length; j++) {
      const next = edges.get(node * 0x10000 + text.charCodeAt(j));
      if (next === undefined) break;
      node = next;
      if (ends[node]! > 0) longest = ends[node]!;
    }
    return longest;
  }
}
