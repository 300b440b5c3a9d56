import type { PieceTrie } from "../unigram/piece-trie.js";
import { utf8Length } from "../text/utf8-length.js";

/**
 * The number of tokens SentencePiece's Unigram model (unigram_model.cc, EncodeOptimized) gives
 * a whole normalized text, then SentencePieceProcessor::Encode's handling of unknowns:
 * - at each character, left to right, every piece starting there, shortest first, offers its
 *   score plus the best score up to that character to the position where it ends; an offer
 *   replaces the one held only if strictly greater (the first of equal offers stays);
 * - a character no piece of exactly its length covers is offered as unknown, scoring the lowest
 *   normal piece's score minus 10;
 * - back from the end, each unknown becomes its UTF-8 bytes with byte fallback; without it, a
 *   run of adjacent unknowns is one token.
 * The arithmetic is SentencePiece's, which decides ties on long texts: best scores are stored
 * as float32; a piece's offer is computed and compared in float64 (its score is a double there,
 * because a user-defined piece's bonus is), an unknown's in float32. So the count of a text is
 * not the sum of the counts of its parts: rounding depends on the score carried in.
 */
export class SentencePieceUnigramViterbi {
  private best = new Float64Array(256);
  private from = new Int32Array(256);
  private ids = new Int32Array(256);

  constructor(
    private readonly trie: PieceTrie,
    /** Each piece's score as SentencePiece offers it (a float32, or a user-defined piece's float64 bonus). */
    private readonly scores: Float64Array,
    private readonly unkId: number,
    /** float32. */
    private readonly unkScore: number,
    private readonly byteFallback: boolean,
  ) {}

  count(text: string): number {
    const n = text.length;
    if (n === 0) return 0;
    if (this.best.length <= n) {
      this.best = new Float64Array(n + 1);
      this.from = new Int32Array(n + 1);
      this.ids = new Int32Array(n + 1);
    }
    const { best, from, ids, trie, scores, unkId, unkScore } = this;
    const rootChild = trie.rootChild;
    const nodePiece = trie.nodePiece;
    const fround = Math.fround;
    from.fill(-1, 1, n + 1);
    best[0] = 0;
    from[0] = 0;
    for (let s = 0; s < n; ) {
      const c = text.charCodeAt(s);
      const width = c >= 0xd800 && c < 0xdc00 && s + 1 < n ? 2 : 1;
      const base = best[s]!;
      let single = false;
      let node = rootChild[c]!;
      let end = s + 1;
      while (node >= 0) {
        const piece = nodePiece[node]!;
        if (piece >= 0) {
          const offer = scores[piece]! + base;
          if (from[end]! < 0 || offer > best[end]!) {
            best[end] = fround(offer);
            from[end] = s;
            ids[end] = piece;
          }
          if (end - s === width) single = true;
        }
        if (end >= n) break;
        node = trie.child(node, text.charCodeAt(end));
        end++;
      }
      if (!single) {
        const at = s + width;
        const offer = fround(unkScore + base);
        if (from[at]! < 0 || offer > best[at]!) {
          best[at] = offer;
          from[at] = s;
          ids[at] = unkId;
        }
      }
      s += width;
    }
    let tokens = 0;
    let previousUnknown = false;
    for (let end = n; end > 0; end = from[end]!) {
      if (ids[end] !== unkId) {
        tokens++;
        previousUnknown = false;
      } else if (this.byteFallback) tokens += utf8Length(text, from[end]!, end);
      else if (!previousUnknown) {
        tokens++;
        previousUnknown = true;
      }
    }
    return tokens;
  }
}

