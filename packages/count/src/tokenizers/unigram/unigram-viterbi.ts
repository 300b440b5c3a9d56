import type { PieceTrie } from "./piece-trie.js";
import { utf8Length } from "../text/utf8-length.js";

/**
 * The number of tokens of Unigram's best segmentation of one word, computed as the Hugging Face
 * tokenizers' Unigram model computes it (encode_optimized, then tokenize):
 * - at each character boundary, left to right, every piece starting there, shortest first,
 *   offers its score plus the best score up to the boundary to the position where it ends; an
 *   offer replaces the one held only if strictly greater (the first of equal scores stays);
 * - a character that no piece of exactly its length covers is also offered as unknown, with
 *   the lowest piece score minus 10;
 * - back from the end, consecutive nodes whose id is the unknown id (unknown characters, or the
 *   unknown piece's own text) fuse into one string: one token if that string is a piece, else,
 *   with byte fallback, one token per UTF-8 byte, else one unknown token.
 * Scores add in float64 in the same order, so ties break the same way.
 */
export class UnigramViterbi {
  private score = new Float64Array(256);
  private from = new Int32Array(256);
  private ids = new Int32Array(256);

  constructor(
    private readonly trie: PieceTrie,
    private readonly scores: Float64Array,
    private readonly unkId: number,
    private readonly unkScore: number,
    private readonly byteFallback: boolean,
  ) {}

  count(word: string): number {
    const n = word.length;
    if (n === 0) return 0;
    if (this.score.length <= n) {
      this.score = new Float64Array(n + 1);
      this.from = new Int32Array(n + 1);
      this.ids = new Int32Array(n + 1);
    }
    const { score, from, ids, trie, scores, unkId, unkScore } = this;
    const rootChild = trie.rootChild;
    const nodePiece = trie.nodePiece;
    from.fill(-1, 1, n + 1);
    score[0] = 0;
    from[0] = 0;
    for (let s = 0; s < n; ) {
      const c = word.charCodeAt(s);
      let width = 1;
      if (c >= 0xd800 && c < 0xdc00 && s + 1 < n) {
        const d = word.charCodeAt(s + 1);
        if (d >= 0xdc00 && d < 0xe000) width = 2;
      }
      const base = score[s]!;
      let single = false;
      let node = rootChild[c]!;
      let end = s + 1;
      while (node >= 0) {
        const piece = nodePiece[node]!;
        if (piece >= 0) {
          const candidate = scores[piece]! + base;
          if (from[end]! < 0 || candidate > score[end]!) {
            score[end] = candidate;
            from[end] = s;
            ids[end] = piece;
          }
          if (end - s === width) single = true;
        }
        if (end >= n) break;
        node = trie.child(node, word.charCodeAt(end));
        end++;
      }
      if (!single) {
        const at = s + width;
        const candidate = unkScore + base;
        if (from[at]! < 0 || candidate > score[at]!) {
          score[at] = candidate;
          from[at] = s;
          ids[at] = unkId;
        }
      }
      s += width;
    }
    let tokens = 0;
    let runEnd = -1;
    let end = n;
    while (end > 0) {
      const start = from[end]!;
      if (ids[end] === unkId) {
        if (runEnd < 0) runEnd = end;
      } else {
        if (runEnd >= 0) {
          tokens += this.fused(word, end, runEnd);
          runEnd = -1;
        }
        tokens++;
      }
      end = start;
    }
    if (runEnd >= 0) tokens += this.fused(word, 0, runEnd);
    return tokens;
  }

  /** Tokens of a run of fused unknown nodes word[start, end). */
  private fused(word: string, start: number, end: number): number {
    if (this.trie.find(word, start, end) >= 0) return 1;
    if (!this.byteFallback) return 1;
    return utf8Length(word, start, end);
  }
}

