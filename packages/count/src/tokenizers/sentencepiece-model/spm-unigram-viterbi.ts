import type { PieceTrie } from "../unigram/piece-trie.js";
import { utf8Length } from "../text/utf8-length.js";
import type { CarryingViterbi, Explained } from "../unigram/tie-safe-words.js";

/**
 * Unigram segmentation as SentencePiece computes it (unigram_model.cc, EncodeOptimized), then
 * SentencePieceProcessor::Encode's handling of unknowns:
 * - at each character, left to right, every piece starting there, shortest first, offers its
 *   score plus the best score up to that character to the position where it ends; an offer
 *   replaces the one held only if strictly greater (the first of equal offers stays);
 * - a character no piece of exactly its length covers is offered as unknown, scoring the lowest
 *   normal piece's score minus 10;
 * - back from the end, each unknown becomes its UTF-8 bytes with byte fallback; without it, a
 *   run of adjacent unknowns is one token.
 * The arithmetic is SentencePiece's, and it decides near-ties on long texts: best scores are
 * stored as float32; a piece's offer is computed and compared in float64 (its score is a double
 * there, because a user-defined piece's bonus is), an unknown's in float32. So how a stretch of
 * text splits can depend on the score carried into it: `count` takes that score, and `explain`
 * says how far from a tie each decision was, so that a caller can tell when it cannot matter.
 */
export class SentencePieceUnigramViterbi implements CarryingViterbi {
  /** The best score at the end of the last stretch `count` split, as SentencePiece stores it. */
  endScore = 0;
  private best = new Float64Array(256);
  private from = new Int32Array(256);
  private ids = new Int32Array(256);
  private margin = Infinity;
  private reach = 0;

  constructor(
    private readonly trie: PieceTrie,
    /** Each piece's score as SentencePiece offers it (a float32, or a user-defined piece's float64 bonus). */
    private readonly scores: Float64Array,
    private readonly unkId: number,
    /** float32. */
    private readonly unkScore: number,
    private readonly byteFallback: boolean,
  ) {}

  /** Tokens of text[start, end) when the best score before it is `base`, with SentencePiece's rounding. */
  count(text: string, start: number, end: number, base: number): number {
    this.forward(text, start, end, base, false);
    this.endScore = this.best[end - start]!;
    return this.backward(text, start, end, undefined);
  }

  /**
   * The split of text[start, end) in exact arithmetic from a score of 0: its tokens, the score
   * of each step of the best path, the smallest gap between an offer and the score it was
   * compared with (0 for a tie), and the largest magnitude a score reached.
   */
  explain(text: string, start: number, end: number): Explained {
    this.forward(text, start, end, 0, true);
    const steps: number[] = [];
    const tokens = this.backward(text, start, end, steps);
    return { tokens, steps: Float64Array.from(steps.reverse()), margin: this.margin, reach: this.reach };
  }

  private forward(text: string, start: number, end: number, base: number, exact: boolean): void {
    const n = end - start;
    if (this.best.length <= n) {
      this.best = new Float64Array(n + 1);
      this.from = new Int32Array(n + 1);
      this.ids = new Int32Array(n + 1);
    }
    const { best, from, ids, trie, scores, unkId, unkScore } = this;
    const rootChild = trie.rootChild;
    const nodePiece = trie.nodePiece;
    const fround = Math.fround;
    let margin = Infinity;
    let reach = 0;
    from.fill(-1, 1, n + 1);
    best[0] = base;
    from[0] = 0;
    for (let s = 0; s < n; ) {
      const c = text.charCodeAt(start + s);
      const width = c >= 0xd800 && c < 0xdc00 && s + 1 < n ? 2 : 1;
      const here = best[s]!;
      let single = false;
      let node = rootChild[c]!;
      let at = s + 1;
      while (node >= 0) {
        const piece = nodePiece[node]!;
        if (piece >= 0) {
          const offer = scores[piece]! + here;
          if (exact) {
            if (from[at]! >= 0) margin = Math.min(margin, Math.abs(offer - best[at]!));
            reach = Math.max(reach, Math.abs(offer));
          }
          if (from[at]! < 0 || offer > best[at]!) {
            best[at] = exact ? offer : fround(offer);
            from[at] = s;
            ids[at] = piece;
          }
          if (at - s === width) single = true;
        }
        if (at >= n) break;
        node = trie.child(node, text.charCodeAt(start + at));
        at++;
      }
      if (!single) {
        at = s + width;
        const offer = exact ? unkScore + here : fround(unkScore + here);
        if (exact) {
          if (from[at]! >= 0) margin = Math.min(margin, Math.abs(offer - best[at]!));
          reach = Math.max(reach, Math.abs(offer));
        }
        if (from[at]! < 0 || offer > best[at]!) {
          best[at] = offer;
          from[at] = s;
          ids[at] = unkId;
        }
      }
      s += width;
    }
    this.margin = margin;
    this.reach = reach;
  }

  /** Tokens of the best path found by `forward`; its steps' scores, last first, into `steps` if given. */
  private backward(text: string, start: number, end: number, steps: number[] | undefined): number {
    const { from, ids, unkId, scores } = this;
    let tokens = 0;
    let previousUnknown = false;
    for (let at = end - start; at > 0; at = from[at]!) {
      const id = ids[at]!;
      if (steps) steps.push(id === unkId ? this.unkScore : scores[id]!);
      if (id !== unkId) {
        tokens++;
        previousUnknown = false;
      } else if (this.byteFallback) tokens += utf8Length(text, start + from[at]!, start + at);
      else if (!previousUnknown) {
        tokens++;
        previousUnknown = true;
      }
    }
    return tokens;
  }
}
