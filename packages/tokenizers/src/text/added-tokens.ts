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
  /** Candidates by first UTF-16 unit, longest first. */
  private readonly byFirst = new Map<number, string[]>();
  /** 1 for each UTF-16 unit some added token starts with: elsewhere `lengthAt` is 0 without a look. */
  readonly mayStart = new Uint8Array(0x10000);

  constructor(contents: readonly string[]) {
    for (const content of contents) {
      if (content.length === 0) continue;
      const first = content.charCodeAt(0);
      this.mayStart[first] = 1;
      const list = this.byFirst.get(first) ?? [];
      if (!list.includes(content)) list.push(content);
      this.byFirst.set(first, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length);
  }

  /** Added tokens in `text`, plus `countSegment` of each stretch between them (given with its offset in `text`). */
  count(text: string, countSegment: (segment: string, start: number) => number): number {
    if (this.byFirst.size === 0) return text.length > 0 ? countSegment(text, 0) : 0;
    const mayStart = this.mayStart;
    let total = 0;
    let last = 0;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      if (mayStart[text.charCodeAt(i)] === 0) continue;
      const match = this.lengthAt(text, i);
      if (match === 0) continue;
      if (i > last) total += countSegment(text.slice(last, i), last);
      total += 1;
      last = i + match;
      i = last - 1;
    }
    if (last < length) total += countSegment(last === 0 ? text : text.slice(last), last);
    return total;
  }

  /** Whether there are no added tokens at all. */
  get none(): boolean {
    return this.byFirst.size === 0;
  }

  /** The length of the longest added token at text[i], or 0. */
  lengthAt(text: string, i: number): number {
    const candidates = this.byFirst.get(text.charCodeAt(i));
    if (candidates) for (const candidate of candidates) if (text.startsWith(candidate, i)) return candidate.length;
    return 0;
  }
}
