// Byte-level BPE token counting over UTF-8 text, compiled to WebAssembly (build: scripts/build-wasm.sh).
//
// The same algorithm as the TypeScript counter (src/bpe/byte-bpe.ts, bpe-merge.ts, char-premerge.ts,
// src/text/tiktoken-scanners.ts), over the same tables, which the JavaScript side copies into this
// module's memory: the pre-tokenizer scanners of the tiktoken-style patterns, a piece cache, the
// whole-token check, the character pre-merge and the merge by rank. It reads UTF-8 bytes where the
// TypeScript reads UTF-16 units, and a piece's bytes need no encoding before they merge.
// Every count is held to the TypeScript counter's and to the reference libraries' by the tests
// (packages/tokenizers/test/wasm-byte-bpe.test.ts and the exactness tests of every counter).
#include <wasm_simd128.h>

#include "wasm-memory.h"

// ---- Code point classes (src/text/code-point-classes.ts). ----

#define LETTER 1
#define NUMBER 2
#define UPPER_OR_CASELESS 4
#define LOWER_OR_CASELESS 8
#define MARK 16
#define WHITE_SPACE 64
#define NEWLINE 128
#define LETTER_NUMBER_OR_SPACE (LETTER | NUMBER | WHITE_SPACE)

/** 0x110000 bytes, one per code point. */
static const u8 *classes;

/** The code point at s[i] (valid UTF-8: the JavaScript side encodes well-formed text) and its length in bytes. */
static inline u32 decode(const u8 *s, u32 i, u32 *cp) {
  u32 b = s[i];
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  if (b < 0xe0) {
    *cp = ((b & 0x1f) << 6) | (s[i + 1] & 0x3f);
    return 2;
  }
  if (b < 0xf0) {
    *cp = ((b & 0x0f) << 12) | ((s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f);
    return 3;
  }
  *cp = ((b & 0x07) << 18) | ((s[i + 1] & 0x3f) << 12) | ((s[i + 2] & 0x3f) << 6) | (s[i + 3] & 0x3f);
  return 4;
}

static inline u32 class_at(const u8 *s, u32 i) {
  u32 b = s[i];
  if (b < 0x80) return classes[b];
  u32 cp;
  decode(s, i, &cp);
  return classes[cp];
}

static inline u32 char_length(u32 b) { return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4; }

// ---- The scanners (src/text/piece-scanner.ts, tiktoken-scanners.ts), over bytes. ----

/** Per set of class bits, the ASCII bytes of those classes as a 128-bit map (built by `configure`). */
static v128_t ascii_members[256];

static void map_ascii_members(void) {
  for (u32 bits = 0; bits < 256; bits++) {
    u8 map[16] = {0};
    for (u32 c = 0; c < 128; c++)
      if ((classes[c] & bits) != 0) map[c >> 3] |= (u8)(1u << (c & 7));
    ascii_members[bits] = wasm_v128_load(map);
  }
}

/**
 * How many of the 16 bytes from s on, counted from the first, are ASCII bytes in `members`
 * (a byte of 0x80 or more is not: its index into the map is past it, which reads 0).
 */
static inline u32 ascii_run(const u8 *s, v128_t members) {
  v128_t b = wasm_v128_load(s);
  v128_t byte = wasm_i8x16_swizzle(members, wasm_u8x16_shr(b, 3));
  v128_t bit = wasm_i8x16_swizzle(wasm_i8x16_const(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128),
                                  wasm_v128_and(b, wasm_i8x16_splat(7)));
  u32 in = (u32)wasm_i8x16_bitmask(wasm_i8x16_ne(wasm_v128_and(byte, bit), wasm_i8x16_splat(0)));
  return (u32)__builtin_ctz(~in);
}

/**
 * The end of the run of characters of any of the classes `bits` from s[i]. ASCII goes 16 bytes
 * at a time: the input buffer has 16 readable bytes after the text (see WasmByteBpe.encode), and
 * a run that reaches past the text's end ends at it.
 */
static u32 skip_any(const u8 *s, u32 i, u32 n, u32 bits) {
  v128_t members = ascii_members[bits];
  while (i < n) {
    if (s[i] < 0x80) {
      u32 run = ascii_run(s + i, members);
      i += run;
      if (i >= n) return n;
      if (run == 16) continue;
      if (s[i] < 0x80) break;
    }
    u32 cp;
    u32 l = decode(s, i, &cp);
    if ((classes[cp] & bits) == 0) break;
    i += l;
  }
  return i;
}

static u32 skip_none(const u8 *s, u32 i, u32 n, u32 bits) {
  while (i < n) {
    u32 cp;
    u32 l = decode(s, i, &cp);
    if ((classes[cp] & bits) != 0) break;
    i += l;
  }
  return i;
}

static u32 digits_end(const u8 *s, u32 i, u32 n, u32 max) {
  for (u32 k = 0; k < max && i < n; k++) {
    u32 cp;
    u32 l = decode(s, i, &cp);
    if ((classes[cp] & NUMBER) == 0) break;
    i += l;
  }
  return i;
}

/** `\s*[\r\n]+|\s+(?!\S)|\s+` (without the first when !to_newline): the run's last character is left to the next piece unless the run ends the text or is one character. */
static u32 white_space_end(const u8 *s, u32 i, u32 n, int to_newline) {
  u32 j = i;
  u32 last = i;
  i32 after_newline = -1;
  while (j < n) {
    u32 cp;
    u32 l = decode(s, j, &cp);
    u32 k = classes[cp];
    if ((k & WHITE_SPACE) == 0) break;
    last = j;
    j += l;
    if ((k & NEWLINE) != 0) after_newline = (i32)j;
  }
  if (to_newline && after_newline > 0) return (u32)after_newline;
  return j == n || last == i ? j : last;
}

static inline u32 lower_ascii(u32 c) { return c >= 0x41 && c <= 0x5a ? c + 0x20 : c; }

/** `'s|'t|'re|'ve|'m|'ll|'d` at i, or -1; with fold_case, any case and U+017F (ſ, C5 BF) for s. */
static i32 contraction_end(const u8 *s, u32 i, u32 n, int fold_case) {
  if (i + 1 >= n || s[i] != 0x27) return -1;
  u32 c = s[i + 1];
  if (fold_case) {
    if (c == 0xc5 && i + 2 < n && s[i + 2] == 0xbf) return (i32)(i + 3);
    c = lower_ascii(c);
  }
  if (c == 0x73 || c == 0x74 || c == 0x6d || c == 0x64) return (i32)(i + 2);
  if (i + 2 >= n) return -1;
  u32 d = s[i + 2];
  if (fold_case) d = lower_ascii(d);
  if ((c == 0x72 && d == 0x65) || (c == 0x76 && d == 0x65) || (c == 0x6c && d == 0x6c)) return (i32)(i + 3);
  return -1;
}

static u32 r50k_match_end(const u8 *s, u32 i, u32 n) {
  u32 c = s[i];
  if (c == 0x27) {
    i32 end = contraction_end(s, i, n, 0);
    if (end > 0) return (u32)end;
  }
  u32 st = c == 0x20 && i + 1 < n ? i + 1 : i;
  u32 k = class_at(s, st);
  if ((k & LETTER) != 0) return skip_any(s, st, n, LETTER);
  if ((k & NUMBER) != 0) return skip_any(s, st, n, NUMBER);
  if ((k & WHITE_SPACE) == 0) return skip_none(s, st, n, LETTER_NUMBER_OR_SPACE);
  return white_space_end(s, i, n, 0);
}

/** The end of ` ?[^\s\p{L}\p{N}]+` at i (c the byte there, k its class), or -1. */
static i32 other_run_at(const u8 *s, u32 i, u32 n, u32 c, u32 k) {
  u32 st = i;
  if (c == 0x20 && i + 1 < n && (class_at(s, i + 1) & LETTER_NUMBER_OR_SPACE) == 0) st = i + 1;
  if (st == i && (k & LETTER_NUMBER_OR_SPACE) != 0) return -1;
  return (i32)skip_none(s, st, n, LETTER_NUMBER_OR_SPACE);
}

static u32 cl100k_style_match_end(const u8 *s, u32 i, u32 n, u32 max_digits) {
  u32 c = s[i];
  if (c == 0x27) {
    i32 end = contraction_end(s, i, n, 1);
    if (end > 0) return (u32)end;
  }
  u32 cp;
  u32 l = decode(s, i, &cp);
  u32 k = classes[cp];
  if ((k & LETTER) != 0) return skip_any(s, i, n, LETTER);
  u32 next = i + l;
  if ((k & (NEWLINE | NUMBER)) == 0 && next < n && (class_at(s, next) & LETTER) != 0)
    return skip_any(s, next, n, LETTER);
  if ((k & NUMBER) != 0) return digits_end(s, i, n, max_digits);
  i32 other = other_run_at(s, i, n, c, k);
  if (other > 0) return skip_any(s, (u32)other, n, NEWLINE);
  return white_space_end(s, i, n, 1);
}

/** `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` at st, or -1 (see lowerWordEnd in tiktoken-scanners.ts). */
static i32 lower_word_end(const u8 *s, u32 st, u32 n) {
  u32 j = st;
  i32 after_last_caseless = -1;
  while (j < n) {
    u32 cp;
    u32 l = decode(s, j, &cp);
    u32 k = classes[cp];
    if ((k & UPPER_OR_CASELESS) == 0) {
      if ((k & LOWER_OR_CASELESS) != 0) return (i32)skip_any(s, j, n, LOWER_OR_CASELESS);
      break;
    }
    j += l;
    if ((k & LOWER_OR_CASELESS) != 0) after_last_caseless = (i32)j;
  }
  return after_last_caseless;
}

static i32 upper_word_end(const u8 *s, u32 st, u32 n) {
  u32 upper = skip_any(s, st, n, UPPER_OR_CASELESS);
  return upper == st ? -1 : (i32)skip_any(s, upper, n, LOWER_OR_CASELESS);
}

static u32 o200k_match_end(const u8 *s, u32 i, u32 n) {
  u32 c = s[i];
  u32 cp;
  u32 l = decode(s, i, &cp);
  u32 k = classes[cp];
  i32 word = -1;
  if ((k & LETTER) != 0) {
    word = lower_word_end(s, i, n);
    if (word < 0) word = upper_word_end(s, i, n);
  } else if ((k & (NEWLINE | NUMBER)) == 0) {
    u32 next = i + l;
    word = lower_word_end(s, next, n);
    if (word < 0 && (k & MARK) != 0) word = lower_word_end(s, i, n);
    if (word < 0) word = upper_word_end(s, next, n);
  }
  if (word > 0) {
    i32 contraction = contraction_end(s, (u32)word, n, 1);
    return (u32)(contraction > 0 ? contraction : word);
  }
  if ((k & NUMBER) != 0) return digits_end(s, i, n, 3);
  i32 other = other_run_at(s, i, n, c, k);
  if (other > 0) {
    u32 o = (u32)other;
    while (o < n) {
      u32 d = s[o];
      if (d != 0x0a && d != 0x0d && d != 0x2f) break;
      o++;
    }
    return o;
  }
  return white_space_end(s, i, n, 1);
}

// DeepSeek-V3's three Splits (src/text/deepseek-scanners.ts): digit groups, then CJK runs, then words.

/** `[一-龥぀-ゟ゠-ヿ]` at s[i]: U+4E00–U+9FA5 (E4 B8 80 – E9 BE A5), U+3040–U+30FF (E3 81 80 – E3 83 BF). */
static inline int is_cjk_at(const u8 *s, u32 i) {
  u32 b = s[i];
  if (b < 0xe3 || b > 0xe9) return 0;
  u32 cp = ((b & 0x0f) << 12) | ((s[i + 1] & 0x3fu) << 6) | (s[i + 2] & 0x3fu);
  return (cp >= 0x4e00 && cp <= 0x9fa5) || (cp >= 0x3040 && cp <= 0x30ff);
}

static u32 cjk_run_end(const u8 *s, u32 i, u32 n) {
  while (i < n && is_cjk_at(s, i)) i += 3;
  return i;
}

static u32 next_cjk(const u8 *s, u32 i, u32 n) {
  while (i < n && !is_cjk_at(s, i)) i += char_length(s[i]);
  return i;
}

static inline int is_ascii_letter(u32 c) { return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a); }

static inline int is_ascii_punctuation(u32 c) {
  return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

#define PUNCTUATION_OR_SYMBOL 32
#define LETTER_OR_MARK (LETTER | MARK)

static u32 deepseek_word_match_end(const u8 *s, u32 i, u32 n) {
  u32 c = s[i];
  if (is_ascii_punctuation(c) && i + 1 < n && is_ascii_letter(s[i + 1])) {
    u32 j = i + 2;
    while (j < n && is_ascii_letter(s[j])) j++;
    return j;
  }
  u32 cp;
  u32 l = decode(s, i, &cp);
  u32 k = classes[cp];
  if ((k & LETTER_OR_MARK) != 0) return skip_any(s, i, n, LETTER_OR_MARK);
  u32 next = i + l;
  u32 next_class = next < n ? class_at(s, next) : 0;
  if ((k & (NEWLINE | PUNCTUATION_OR_SYMBOL)) == 0 && (next_class & LETTER_OR_MARK) != 0)
    return skip_any(s, next, n, LETTER_OR_MARK);
  i32 symbols = -1;
  if (c == 0x20 && (next_class & PUNCTUATION_OR_SYMBOL) != 0)
    symbols = (i32)next;
  else if ((k & PUNCTUATION_OR_SYMBOL) != 0)
    symbols = (i32)i;
  if (symbols >= 0) {
    u32 end = skip_any(s, (u32)symbols, n, PUNCTUATION_OR_SYMBOL);
    return skip_any(s, end, n, NEWLINE);
  }
  if ((k & WHITE_SPACE) != 0) return white_space_end(s, i, n, 1);
  return i;
}

#define PATTERN_R50K 0
#define PATTERN_CL100K 1
#define PATTERN_QWEN3 2
#define PATTERN_O200K 3
#define PATTERN_DEEPSEEK_DIGITS 4
#define PATTERN_DEEPSEEK_CJK 5
#define PATTERN_DEEPSEEK_WORDS 6

/** The patterns of the Splits, in order (one for a tiktoken encoding, three for DeepSeek-V3). */
static u32 patterns[3];
static u32 levels;
/** Whether text between matches is a piece (a tokenizer.json Split, behaviour Isolated) or counts nothing (tiktoken). */
static int gaps_are_pieces;

/** Where the match of `pattern` at i ends, or i when it matches nothing there. */
static inline u32 match_end(u32 pattern, const u8 *s, u32 i, u32 n) {
  switch (pattern) {
    case PATTERN_R50K:
      return r50k_match_end(s, i, n);
    case PATTERN_CL100K:
      return cl100k_style_match_end(s, i, n, 3);
    case PATTERN_QWEN3:
      return cl100k_style_match_end(s, i, n, 1);
    case PATTERN_O200K:
      return o200k_match_end(s, i, n);
    case PATTERN_DEEPSEEK_DIGITS:
      return digits_end(s, i, n, 3);
    case PATTERN_DEEPSEEK_CJK:
      return cjk_run_end(s, i, n);
    default:
      return deepseek_word_match_end(s, i, n);
  }
}

/** After a code point where `pattern` matched nothing: where it may match next (i itself when it cannot tell). */
static inline u32 next_start(u32 pattern, const u8 *s, u32 i, u32 n) {
  switch (pattern) {
    case PATTERN_DEEPSEEK_DIGITS:
      return skip_none(s, i, n, NUMBER);
    case PATTERN_DEEPSEEK_CJK:
      return next_cjk(s, i, n);
    default:
      return i;
  }
}

// ---- The vocabulary's tables (src/bpe/byte-sequence-table.ts, pair-table.ts, char-premerge.ts). ----

static const i32 *byte_ids;

static const i32 *whole_slots;
static u32 whole_word_mask;
static const u8 *whole_pool;
static u32 whole_longest;
static const i32 *whole_filter;
static u32 whole_filter_mask;

static const u32 *pair_lefts;
static u32 pair_left_count;
/** No pair: an empty slot, or the answer of a look-up that found none. */
#define NO_PAIR 0xffffffffffffffffull
static const u64 *pair_slots;

static const i32 *premerge_chars;
static const i32 *premerge_neighbours;

/**
 * The id of the token that is bytes p[0, n), or -1 (ByteSequenceTable.find). Asked only of
 * pieces the cache has not seen, which are mostly not tokens: the filter answers most of them
 * from a table 16 times smaller than the slots.
 */
static i32 whole_token(const u8 *p, u32 n) {
  u32 h = 0x811c9dc5u;
  for (u32 i = 0; i < n; i++) h = (h ^ p[i]) * 0x01000193u;
  u32 bit = h & whole_filter_mask;
  if ((((u32)whole_filter[bit >> 5] >> (bit & 31)) & 1) == 0) return -1;
  u32 at = (h << 2) & whole_word_mask;
  for (;;) {
    u32 length = (u32)whole_slots[at + 2];
    if (length == 0) return -1;
    if (length == n && (u32)whole_slots[at] == h) {
      const u8 *q = whole_pool + whole_slots[at + 3];
      u32 i = 0;
      while (i < n && q[i] == p[i]) i++;
      if (i == n) return whole_slots[at + 1];
    }
    at = (at + 4) & whole_word_mask;
  }
}

/**
 * The slot of the merge of left and right (rank_of, merged_of), or NO_PAIR when they do not merge
 * (PairTable.find), from the table grouped by left token (src/bpe/packed-pair-table.ts): the left
 * token's two words (its right-class bits; its block's first slot | log2(block slots) << 26), then
 * its block, of slots right | rank << 21 | merged << 42, at most 3/4 full.
 */
static inline u64 pair_find(i32 left, i32 right) {
  if ((u32)left >= pair_left_count) return NO_PAIR;
  const u32 *d = pair_lefts + 2 * (u32)left;
  if (((d[0] >> (((u32)right * 0x9e3779b1u) >> 27)) & 1) == 0) return NO_PAIR;
  u32 bits = d[1] >> 26;
  u32 mask = (1u << bits) - 1;
  const u64 *block = pair_slots + (d[1] & 0x3ffffffu);
  u32 at = ((u32)right * 0x85ebca77u) >> (32 - bits);
  for (;;) {
    u64 slot = block[at];
    if ((u32)(slot & 0x1fffff) == (u32)right) return slot;
    if (slot == NO_PAIR) return NO_PAIR;
    at = (at + 1) & mask;
  }
}

static inline i32 rank_of(u64 slot) { return (i32)((slot >> 21) & 0x1fffff); }
static inline i32 merged_of(u64 slot) { return (i32)((slot >> 42) & 0x1fffff); }

/** Characters as their tokens where that cannot change the result (CharPremerge.initialIds). */
static u32 initial_ids(const u8 *bytes, u32 n, i32 *ids) {
  u32 m = 0;
  u32 o = 0;
  while (o < n) {
    u32 b = bytes[o];
    if (b < 0x80) {
      ids[m++] = byte_ids[b];
      o++;
      continue;
    }
    u32 length;
    i32 at = -1;
    if (b < 0xe0) {
      length = 2;
      at = (i32)((((b & 0x1f) << 6) | (bytes[o + 1] & 0x3f)) * 4);
    } else if (b < 0xf0) {
      length = 3;
      at = (i32)((((b & 0x0f) << 12) | ((bytes[o + 1] & 0x3f) << 6) | (bytes[o + 2] & 0x3f)) * 4);
    } else
      length = 4;
    i32 first = at >= 0 ? premerge_chars[at] : -1;
    i32 d = first >= 0 ? premerge_chars[at + 2] : 0;
    i32 last = first >= 0 ? premerge_chars[at + 3] : 0;
    if (d < last) {
      u32 after = o + length;
      u32 have_before = o < 4 ? o : 4;
      u32 have_after = n - after < 4 ? n - after : 4;
      u32 before = 0;
      for (u32 i = o - have_before; i < o; i++) before = (before << 8) | bytes[i];
      u32 following = 0;
      for (u32 i = after; i < after + have_after; i++) following = (following << 8) | bytes[i];
      for (; d < last; d += 2) {
        u32 head = (u32)premerge_neighbours[d];
        u32 size = head & 7;
        u32 value;
        if ((head >> 3) == 0) {
          if (size > have_before) continue;
          value = size == 4 ? before : before & ((1u << (8 * size)) - 1);
        } else {
          if (size > have_after) continue;
          value = following >> (8 * (have_after - size));
          if (size < 4) value &= (1u << (8 * size)) - 1;
        }
        if ((i32)value == premerge_neighbours[d + 1]) {
          first = -1;
          break;
        }
      }
    }
    if (first >= 0) {
      ids[m++] = first;
      i32 second = premerge_chars[at + 1];
      if (second >= 0) ids[m++] = second;
    } else
      for (u32 i = 0; i < length; i++) ids[m++] = byte_ids[bytes[o + i]];
    o += length;
  }
  return m;
}

// ---- Merging (src/bpe/bpe-merge.ts): a scan for short pieces, a heap over a linked list for long ones. ----

#define SCAN_LIMIT 96
#define NONE 0x7fffffff

static i32 scan_ranks[SCAN_LIMIT];
static i32 scan_merged[SCAN_LIMIT];

/** The rank of ids[i]'s pair with ids[i + 1], NONE when they do not merge. */
/** Ranks ids[i]'s pair with ids[i + 1] (NONE when they do not merge) and keeps what it merges into. */
static inline void scan_pair(const i32 *ids, u32 i) {
  u64 slot = pair_find(ids[i], ids[i + 1]);
  scan_ranks[i] = slot == NO_PAIR ? NONE : rank_of(slot);
  scan_merged[i] = merged_of(slot);
}

static u32 count_by_scan(i32 *ids, u32 n) {
  u32 mergeable = 0;
  for (u32 i = 0; i + 1 < n; i++) {
    scan_pair(ids, i);
    mergeable += scan_ranks[i] != NONE;
  }
  if (mergeable == 0) return n;
  u32 parts = n;
  for (;;) {
    i32 best = NONE;
    i32 at = -1;
    for (u32 i = 0; i + 1 < parts; i++) {
      i32 r = scan_ranks[i];
      if (r < best) {
        best = r;
        at = (i32)i;
      }
    }
    if (at < 0) return parts;
    ids[at] = scan_merged[at];
    for (u32 i = (u32)at + 1; i + 1 < parts; i++) {
      ids[i] = ids[i + 1];
      scan_ranks[i] = scan_ranks[i + 1];
      scan_merged[i] = scan_merged[i + 1];
    }
    parts--;
    if ((u32)at + 1 < parts) scan_pair(ids, (u32)at);
    if (at > 0) scan_pair(ids, (u32)at - 1);
  }
}

/** Scratch of the heap merge and of the ids, grown to the longest piece met. */
#define HEAP_PER_ID 3
static u32 scratch_capacity;
static i32 *ids_scratch;
static i32 *next_part;
static i32 *prev_part;
static i32 *version_of;
static i32 *merged_at;
static u64 *heap_keys;
static i32 *heap_versions;
static u32 heap_size;

/**
 * Room for a piece of n ids. The heap keeps stale entries until they surface: n - 1 pairs at the
 * start and at most two per merge (n - 1 merges) make at most 3n entries at once.
 */
static int reserve(u32 n) {
  if (n <= scratch_capacity) return 1;
  u32 capacity = n > 2 * scratch_capacity ? n : 2 * scratch_capacity;
  i32 *ids = alloc(capacity * 4 * 5 + HEAP_PER_ID * capacity * 12 + 64);
  if (ids == 0) return 0;
  ids_scratch = ids;
  next_part = ids + capacity;
  prev_part = next_part + capacity;
  version_of = prev_part + capacity;
  merged_at = version_of + capacity;
  heap_keys = (u64 *)(((u32)(merged_at + capacity) + 15u) & ~15u);
  heap_versions = (i32 *)(heap_keys + HEAP_PER_ID * capacity);
  scratch_capacity = capacity;
  return 1;
}

static void heap_push(u64 key, i32 version) {
  u32 i = heap_size++;
  while (i > 0) {
    u32 parent = (i - 1) >> 1;
    if (heap_keys[parent] <= key) break;
    heap_keys[i] = heap_keys[parent];
    heap_versions[i] = heap_versions[parent];
    i = parent;
  }
  heap_keys[i] = key;
  heap_versions[i] = version;
}

static void heap_pop(void) {
  u32 last = --heap_size;
  if (last == 0) return;
  u64 key = heap_keys[last];
  i32 version = heap_versions[last];
  u32 i = 0;
  for (;;) {
    u32 l = 2 * i + 1;
    if (l >= last) break;
    u32 r = l + 1;
    u32 m = r < last && heap_keys[r] < heap_keys[l] ? r : l;
    if (heap_keys[m] >= key) break;
    heap_keys[i] = heap_keys[m];
    heap_versions[i] = heap_versions[m];
    i = m;
  }
  heap_keys[i] = key;
  heap_versions[i] = version;
}

static u32 count_by_heap(i32 *ids, u32 n) {
  for (u32 i = 0; i < n; i++) {
    next_part[i] = (i32)i + 1;
    prev_part[i] = (i32)i - 1;
    version_of[i] = 0;
  }
  heap_size = 0;
  for (u32 i = 0; i + 1 < n; i++) {
    u64 slot = pair_find(ids[i], ids[i + 1]);
    if (slot != NO_PAIR) {
      heap_push(((u64)(u32)rank_of(slot) << 32) | i, 0);
      merged_at[i] = merged_of(slot);
    }
  }
  u32 parts = n;
  while (heap_size > 0) {
    u64 key = heap_keys[0];
    i32 ver = heap_versions[0];
    heap_pop();
    u32 start = (u32)key;
    if (version_of[start] != ver) continue;
    u32 mid = (u32)next_part[start];
    ids[start] = merged_at[start];
    u32 end = (u32)next_part[mid];
    version_of[mid] = -1;
    next_part[start] = (i32)end;
    if (end < n) prev_part[end] = (i32)start;
    parts--;
    i32 v = ++version_of[start];
    if (end < n) {
      u64 right = pair_find(ids[start], ids[end]);
      if (right != NO_PAIR) {
        heap_push(((u64)(u32)rank_of(right) << 32) | start, v);
        merged_at[start] = merged_of(right);
      }
    }
    i32 before = prev_part[start];
    if (before >= 0) {
      i32 vb = ++version_of[before];
      u64 left = pair_find(ids[before], ids[start]);
      if (left != NO_PAIR) {
        heap_push(((u64)(u32)rank_of(left) << 32) | (u32)before, vb);
        merged_at[before] = merged_of(left);
      }
    }
  }
  return parts;
}

/** The tokens BPE leaves of the piece p[0, n), or -1 when memory for its scratch cannot be had. */
static i32 merge(const u8 *p, u32 n) {
  if (whole_slots != 0 && n <= whole_longest && whole_token(p, n) >= 0) return 1;
  if (!reserve(n)) return -1;
  i32 *ids = ids_scratch;
  u32 m;
  if (premerge_chars != 0)
    m = initial_ids(p, n, ids);
  else {
    for (u32 i = 0; i < n; i++) ids[i] = byte_ids[p[i]];
    m = n;
  }
  if (m <= 1) return (i32)m;
  return (i32)(m <= SCAN_LIMIT ? count_by_scan(ids, m) : count_by_heap(ids, m));
}

// ---- The piece cache: counts of pieces of up to CACHED_BYTES bytes, private to this instance. ----

/**
 * 24 bytes: English words, and Japanese pieces of up to 8 characters (longer ones rarely recur, see
 * UNCACHED_CJK in src/bpe/byte-bpe.ts). A slot is 32 bytes: hash, length and count, the key.
 */
#define CACHED_BYTES 24
#define CACHE_BITS 17
#define CACHE_SLOTS (1u << CACHE_BITS)
#define CACHE_PROBES 16

/**
 * A piece's bytes as three little-endian words, zero past its end: the input buffer has 16
 * readable bytes after the text (see WasmByteBpe.encode), so a word may be loaded whole and masked.
 */
typedef struct {
  u64 w[3];
} Key;

typedef struct {
  u32 hash;
  u16 length;
  u16 count;
  Key key;
} CacheSlot;

static CacheSlot *cache;
static u32 cache_used;

/**
 * In front of the cache, a direct-mapped table of the pieces of up to 16 bytes met last: 512 KiB,
 * which stays in the processor's nearer caches where the 4 MiB cache cannot, and holds the
 * frequent words of a text (most of its pieces).
 */
#define NEAR_BITS 14
/** The longest piece the near table holds (two words of key). */
#define NEAR_BYTES 16
typedef struct {
  u64 key[2];
  u32 length;
  u32 count;
  u64 unused; // 32 bytes a slot: two in a cache line, never one across two
} NearSlot;
static NearSlot near[1u << NEAR_BITS];

static inline u64 load64(const u8 *p) {
  u64 w;
  __builtin_memcpy(&w, p, 8);
  return w;
}

static inline Key key_of(const u8 *p, u32 n) {
  Key k = {{0, 0, 0}};
  u32 words = (n + 7) >> 3;
  for (u32 i = 0; i < words; i++) k.w[i] = load64(p + 8 * i);
  u32 tail = n & 7;
  if (tail != 0) k.w[words - 1] &= ((u64)1 << (8 * tail)) - 1;
  return k;
}

static inline u32 key_hash(const Key *k, u32 n) {
  u64 h = (k->w[0] ^ n) * 0x9e3779b97f4a7c15ull;
  h = (h ^ (h >> 29) ^ k->w[1]) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 32) ^ k->w[2]) * 0x94d049bb133111ebull;
  return (u32)(h >> 32) | 1u;
}

/** Forgets every piece counted so far. */
EXPORT(empty_cache)
void empty_cache(void) {
  __builtin_memset(cache, 0, sizeof(CacheSlot) * CACHE_SLOTS);
  __builtin_memset(near, 0, sizeof near);
  cache_used = 0;
}

/** The number of pieces in the cache (for the tests). */
EXPORT(cached_pieces)
u32 cached_pieces(void) { return cache_used; }

static i32 count_cached_piece(const u8 *p, u32 n, const Key *key);

/** The count of the piece p[0, n): from the near table or the cache, or merged and kept. -1: out of memory. */
static inline i32 count_piece(const u8 *p, u32 n) {
  if (n > CACHED_BYTES) return merge(p, n);
  Key key = key_of(p, n);
  if (n > NEAR_BYTES) return count_cached_piece(p, n, &key);
  NearSlot *slot =
      &near[(u32)((((key.w[0] ^ n) * 0x9e3779b97f4a7c15ull) ^ key.w[1]) * 0xbf58476d1ce4e5b9ull >> (64 - NEAR_BITS))];
  if (slot->key[0] == key.w[0] && slot->key[1] == key.w[1] && slot->length == n) return (i32)slot->count;
  i32 count = count_cached_piece(p, n, &key);
  if (count >= 0) {
    slot->key[0] = key.w[0];
    slot->key[1] = key.w[1];
    slot->length = n;
    slot->count = (u32)count;
  }
  return count;
}

/** The count of the piece p[0, n) of key_of(p, n): from the cache, or merged and kept. -1: out of memory. */
static i32 count_cached_piece(const u8 *p, u32 n, const Key *key) {
  u32 h = key_hash(key, n);
  u32 slot = h >> (32 - CACHE_BITS);
  CacheSlot *free_slot = 0;
  for (u32 probe = 0; probe < CACHE_PROBES; probe++, slot = (slot + 1) & (CACHE_SLOTS - 1)) {
    CacheSlot *c = &cache[slot];
    if (c->hash == 0) {
      free_slot = c;
      break;
    }
    if (c->hash == h && c->length == n && c->key.w[0] == key->w[0] && c->key.w[1] == key->w[1] &&
        c->key.w[2] == key->w[2])
      return c->count;
  }
  i32 count = merge(p, n);
  if (count < 0 || count > 0xffff) return count;
  if (cache_used >= CACHE_SLOTS / 2) {
    // Full: start again empty, so that probes stay short (the JavaScript cache renews itself the same way).
    empty_cache();
    free_slot = &cache[h >> (32 - CACHE_BITS)];
  }
  if (free_slot != 0) {
    free_slot->hash = h;
    free_slot->length = (u16)n;
    free_slot->count = (u16)count;
    free_slot->key = *key;
    cache_used++;
  }
  return count;
}

// ---- What the JavaScript side calls. ----

/** Points the counter at its tables (copied into this memory by the caller); 0 for an absent table. */
EXPORT(configure)
int configure(u32 scanner, u32 gaps_count, const u8 *code_point_classes, const i32 *byte_id_table, const i32 *whole_slot_words,
              u32 whole_slot_word_count, const u8 *whole_pool_bytes, u32 whole_longest_bytes,
              const i32 *whole_filter_words, u32 whole_filter_word_count, const u32 *pair_left_words,
              u32 pair_left_word_count, const u64 *pair_slot_words,
              const i32 *premerge_char_words,
              const i32 *premerge_neighbour_words) {
  if (scanner == PATTERN_DEEPSEEK_DIGITS) {
    patterns[0] = PATTERN_DEEPSEEK_DIGITS;
    patterns[1] = PATTERN_DEEPSEEK_CJK;
    patterns[2] = PATTERN_DEEPSEEK_WORDS;
    levels = 3;
  } else {
    patterns[0] = scanner;
    levels = 1;
  }
  gaps_are_pieces = gaps_count != 0;
  classes = code_point_classes;
  map_ascii_members();
  byte_ids = byte_id_table;
  whole_slots = whole_slot_words;
  whole_word_mask = whole_slot_word_count - 1;
  whole_pool = whole_pool_bytes;
  whole_longest = whole_longest_bytes;
  whole_filter = whole_filter_words;
  whole_filter_mask = whole_filter_word_count * 32 - 1;
  pair_lefts = pair_left_words;
  pair_left_count = pair_left_word_count / 2;
  pair_slots = pair_slot_words;
  premerge_chars = premerge_char_words;
  premerge_neighbours = premerge_neighbour_words;
  // Memory the module grows into is zero, and alloc never hands out memory twice: the cache starts empty.
  cache = alloc(sizeof(CacheSlot) * CACHE_SLOTS);
  cache_used = 0;
  return cache != 0 && reserve(1024);
}

/** Where split_text writes the pieces' ends instead of counting them (0: counting). */
static u32 *recorded_ends;
static u32 recorded_max;
static u32 recorded;

static i32 count_split(u32 level, const u8 *s, u32 start, u32 end);

/** A piece of the Split at `level`: cut by the next Split, or counted (or recorded) after the last. */
static inline i32 count_split_piece(u32 level, const u8 *s, u32 start, u32 end) {
  if (level + 1 < levels) return count_split(level + 1, s, start, end);
  if (recorded_ends != 0) {
    if (recorded < recorded_max) recorded_ends[recorded] = end;
    recorded++;
    return 1;
  }
  return count_piece(s + start, end - start);
}

/**
 * The tokens of s[start, end) as the Split at `level` cuts it: its matches, and the text between
 * them when gaps_are_pieces, each cut in turn by the next Split or counted after the last. Where
 * the pattern matches nothing, its next start is sought from the next code point.
 */
static i32 count_split(u32 level, const u8 *s, u32 start, u32 end) {
  u32 pattern = patterns[level];
  u32 total = 0;
  u32 last = start;
  u32 at = start;
  while (at < end) {
    u32 match = match_end(pattern, s, at, end);
    if (match <= at) {
      at = next_start(pattern, s, at + char_length(s[at]), end);
      continue;
    }
    if (at > last && gaps_are_pieces) {
      i32 gap = count_split_piece(level, s, last, at);
      if (gap < 0) return -1;
      total += (u32)gap;
    }
    i32 count = count_split_piece(level, s, at, match);
    if (count < 0) return -1;
    total += (u32)count;
    last = at = match;
  }
  if (last < end && gaps_are_pieces) {
    i32 gap = count_split_piece(level, s, last, end);
    if (gap < 0) return -1;
    total += (u32)gap;
  }
  return (i32)total;
}

/** The tokens of the UTF-8 text s[0, n). -1: out of memory. */
EXPORT(count_text)
i32 count_text(const u8 *s, u32 n) {
  recorded_ends = 0;
  return count_split(0, s, 0, n);
}

/** For the tests: the ends of the pieces of s[0, n), written to ends[0, max); their number (which may exceed max). */
EXPORT(split_text)
u32 split_text(const u8 *s, u32 n, u32 *ends, u32 max) {
  recorded_ends = ends;
  recorded_max = max;
  recorded = 0;
  count_split(0, s, 0, n);
  recorded_ends = 0;
  return recorded;
}
