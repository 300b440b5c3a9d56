/**
 * Unigram's Viterbi adds scores along the text, so how a word splits can depend on the score
 * carried into it: in float32 (SentencePiece) or float64 (Hugging Face), two splits whose exact
 * scores tie, or nearly tie, may compare either way once the running score is large. A count
 * that wants to reuse a word's split must know it cannot. This splits a text word by word —
 * cut where no piece can span — carrying the score on as the whole text's Viterbi would:
 * a word's split is explained once in exact arithmetic (its tokens, the score of each step of
 * its best path, and how far from a tie each decision was), and reused only when every decision
 * is further from a tie than rounding at the score carried in can reach; otherwise the word is
 * split again from that score.
 */

/** A Unigram Viterbi that can split a stretch from a carried-in score, and explain one from 0. */
export interface CarryingViterbi {
  /** Tokens of text[start, end) from the best score `base` before it; `endScore` is then the best score after it. */
  count(text: string, start: number, end: number, base: number): number;
  readonly endScore: number;
  /** The split of text[start, end) from 0 in exact arithmetic. */
  explain(text: string, start: number, end: number): Explained;
}

export interface Explained {
  tokens: number;
  /** The score each step of the best path adds, in order. */
  steps: Float64Array;
  /** The smallest gap between an offer and the score it was compared with (0: a tie); Infinity if none. */
  margin: number;
  /** The largest magnitude an offer reached. */
  reach: number;
}

/**
 * 1 for each UTF-16 unit that some piece has right before `cut` (one UTF-16 unit, usually "▁"):
 * a text may be cut before any `cut` that follows another unit, for no piece can span it.
 */
export function unitsJoinedTo(pieces: Iterable<string>, cut: string): Uint8Array {
  const joins = new Uint8Array(0x10000);
  for (const piece of pieces) {
    for (let i = piece.indexOf(cut, 1); i > 0; i = piece.indexOf(cut, i + 1)) joins[piece.charCodeAt(i - 1)] = 1;
  }
  return joins;
}

/** Words longer than this (UTF-16 units) are rarely repeated: split directly, not cached. */
const LONGEST_CACHED = 64;
const CACHE_ENTRIES = 1 << 18;
const SEEN_ONCE = null;

export class TieSafeWords {
  /** The best score after the last word counted. */
  private score = 0;
  private readonly words = new Map<string, Explained | typeof SEEN_ONCE>();
  private readonly mantissaBits: number;

  constructor(
    private readonly viterbi: CarryingViterbi,
    private readonly precision: "float32" | "float64",
  ) {
    this.mantissaBits = precision === "float32" ? 23 : 52;
  }

  /** Starts a new text: the score carried in is 0. */
  restart(): void {
    this.score = 0;
  }

  /** Tokens of text[start, end), a word no piece spans out of, from the score carried in; carries the score on. */
  count(text: string, start: number, end: number): number {
    const base = this.score;
    if (end - start > LONGEST_CACHED) return this.split(text, start, end, base);
    const key = text.slice(start, end);
    let explained = this.words.get(key);
    if (explained === undefined || explained === SEEN_ONCE) {
      // Most words of a text occur once: explained (and kept) only on their second sight.
      if (this.words.size >= CACHE_ENTRIES) this.words.clear();
      if (explained === undefined) {
        this.words.set(key, SEEN_ONCE);
        return this.split(text, start, end, base);
      }
      explained = this.viterbi.explain(text, start, end);
      this.words.set(key, explained);
    }
    if (!this.farFromTies(explained, base, end - start)) return this.split(text, start, end, base);
    let score = base;
    if (this.precision === "float32") for (const step of explained.steps) score = Math.fround(score + step);
    else for (const step of explained.steps) score += step;
    this.score = score;
    return explained.tokens;
  }

  private split(text: string, start: number, end: number, base: number): number {
    const tokens = this.viterbi.count(text, start, end, base);
    this.score = this.viterbi.endScore;
    return tokens;
  }

  /**
   * Whether the Viterbi, starting from `base`, makes every decision of the word as the exact
   * split did. A stored score is off its exact value by at most half an ulp (of the scores'
   * magnitude) per step, on each side of a comparison at most `length` steps, and the exact
   * split's own float64 arithmetic is off by no more: a gap wider than (2·length + 2) ulps
   * keeps every comparison's outcome.
   */
  private farFromTies(explained: Explained, base: number, length: number): boolean {
    if (explained.margin === Infinity) return true;
    const magnitude = (Math.abs(base) + explained.reach) * 1.001;
    const ulp = magnitude > 0 ? 2 ** (Math.floor(Math.log2(magnitude)) - this.mantissaBits) : Number.MIN_VALUE;
    return explained.margin > (2 * length + 2) * ulp;
  }
}
