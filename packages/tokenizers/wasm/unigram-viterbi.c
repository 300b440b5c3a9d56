// The forward pass of Unigram's Viterbi, compiled to WebAssembly (build: scripts/build-wasm.sh).
//
// The hot loop of src/unigram/unigram-viterbi.ts (`forwardOffers`), over the same double-array trie
// and scores, which the JavaScript side copies into this module's memory once; it writes each
// word's UTF-16 units here, and reads the best paths back from here for its backward pass. Same
// order of additions, same comparisons, the same float32 rounding for SentencePiece: the same
// paths. Held to the TypeScript loop by packages/tokenizers/test/wasm-unigram.test.ts, and to the
// references by the Unigram exactness tests, which count with it.
#include "wasm-memory.h"

/** The trie (PieceTrieModel: codes by UTF-16 unit; cells of base, check, piece) and each piece's score. */
static const i32 *codes;
static const i32 *cells;
static const double *scores;
static i32 unk_id;
static double unk_score;

/** A word's UTF-16 units (written by the caller), its units' trie codes, and the best path to each position. */
static u16 *chars;
static i32 *units;
static double *score;
static i32 *from;
static i32 *ids;
static u32 capacity;

EXPORT(configure)
void configure(const i32 *code_table, const i32 *cell_words, const double *piece_scores, i32 unknown_id,
               double unknown_score) {
  codes = code_table;
  cells = cell_words;
  scores = piece_scores;
  unk_id = unknown_id;
  unk_score = unknown_score;
}

/** Room for a word of n units: 1 when there is (the arrays may have moved: see the *_at exports), 0 when memory cannot grow. */
EXPORT(reserve)
u32 reserve(u32 n) {
  if (n + 2 <= capacity) return 1;
  u32 c = n + 2 > 2 * capacity ? n + 2 : 2 * capacity;
  double *s = alloc(c * 8);
  i32 *f = alloc(c * 4);
  i32 *d = alloc(c * 4);
  i32 *u = alloc(c * 4);
  u16 *ch = alloc(c * 2);
  if (s == 0 || f == 0 || d == 0 || u == 0 || ch == 0) return 0;
  score = s;
  from = f;
  ids = d;
  units = u;
  chars = ch;
  capacity = c;
  return 1;
}

EXPORT(chars_at) u16 *chars_at(void) { return chars; }
EXPORT(score_at) double *score_at(void) { return score; }
EXPORT(from_at) i32 *from_at(void) { return from; }
EXPORT(ids_at) i32 *ids_at(void) { return ids; }

/**
 * The best path to each position of the word chars[0, n) from `carried`: every piece starting at
 * a boundary offers its score plus the best score there to where it ends, replacing the held
 * offer only if strictly greater; a character no piece of its length covers is offered as
 * unknown. With `float32`, stored scores are rounded to float32 (SentencePiece), the unknown's
 * offer computed in float32.
 */
EXPORT(forward)
void forward(u32 n, double carried, u32 float32) {
  for (u32 i = 0; i < n; i++) units[i] = codes[chars[i]];
  units[n] = 0;
  score[0] = carried;
  for (u32 i = 1; i <= n; i++) score[i] = -__builtin_inf();
  from[0] = 0;
  for (u32 s = 0; s < n;) {
    u32 c = chars[s];
    u32 width = 1;
    if (c >= 0xd800 && c < 0xdc00 && s + 1 < n) {
      u32 d = chars[s + 1];
      if (d >= 0xdc00 && d < 0xe000) width = 2;
    }
    double here = score[s];
    int single = 0;
    i32 node = 0;
    u32 at = s;
    for (;;) {
      i32 t = cells[node] + units[at];
      if (cells[t + 1] != node) break;
      node = t;
      at++;
      i32 piece = cells[t + 2];
      if (piece >= 0) {
        double candidate = scores[piece] + here;
        if (candidate > score[at]) {
          score[at] = float32 ? (double)(float)candidate : candidate;
          from[at] = (i32)s;
          ids[at] = piece;
        }
        if (at - s == width) single = 1;
      }
    }
    if (!single) {
      at = s + width;
      double candidate = float32 ? (double)(float)(unk_score + here) : unk_score + here;
      if (candidate > score[at]) {
        score[at] = candidate;
        from[at] = (i32)s;
        ids[at] = unk_id;
      }
    }
    s += width;
  }
}
