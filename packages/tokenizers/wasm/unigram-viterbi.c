// The forward pass of Unigram's Viterbi, compiled to WebAssembly (build: scripts/build-wasm.sh).
//
// The hot loop of src/unigram/unigram-viterbi.ts (`forwardOffers`), over the same double-array trie
// and scores, which the JavaScript side copies into this module's memory once; it writes each
// word's UTF-16 units here, and reads the best paths back from here for its backward pass. Same
// order of additions, same comparisons, the same float32 rounding for SentencePiece: the same
// paths. Below it, the tie-safe word loop over a whole normalized text (TieSafeWords.countText),
// so that a text is counted in one call. Held to the TypeScript loops by
// packages/tokenizers/test/wasm-unigram.test.ts and tie-safe-words.test.ts, and to the references
// by the Unigram exactness tests, which count with it.
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

/** How many units the arrays hold (the caller's views must not reach further). */
EXPORT(room) u32 room(void) { return capacity; }
EXPORT(chars_at) u16 *chars_at(void) { return chars; }
EXPORT(score_at) double *score_at(void) { return score; }
EXPORT(from_at) i32 *from_at(void) { return from; }
EXPORT(ids_at) i32 *ids_at(void) { return ids; }

/** The narrowest gap between an offer and the score it met, and the largest offer, of the last forward_explained. */
static double margin;
static double reach;

/**
 * Offers `candidate` to position `at`, from `s` as `piece`: it replaces the held offer only if
 * strictly greater, and is stored rounded to float32 with `float32`. With `explain`, the gap to
 * the score it met and its size go into *narrowest and *largest.
 */
static inline __attribute__((always_inline)) void offer(u32 at, double candidate, u32 s, i32 piece, u32 float32,
                                                        int explain, double *narrowest, double *largest) {
  if (explain) {
    if (score[at] > -__builtin_inf()) {
      double gap = __builtin_fabs(candidate - score[at]);
      if (gap < *narrowest) *narrowest = gap;
    }
    if (__builtin_fabs(candidate) > *largest) *largest = __builtin_fabs(candidate);
  }
  if (candidate > score[at]) {
    score[at] = float32 ? (double)(float)candidate : candidate;
    from[at] = (i32)s;
    ids[at] = piece;
  }
}

/**
 * The best path to each position of the word w[0, n) from `carried`: every piece starting at
 * a boundary offers its score plus the best score there to where it ends; a character no piece
 * of its length covers is offered as unknown. With `float32`, stored scores are rounded to
 * float32 (SentencePiece), the unknown's offer computed in float32. With `explain` (a constant at
 * each call, so the compiler makes two loops of it), `margin` and `reach` are noted as well.
 */
static inline __attribute__((always_inline)) void viterbi_forward(const u16 *w, u32 n, double carried, u32 float32,
                                                                  int explain) {
  for (u32 i = 0; i < n; i++) units[i] = codes[w[i]];
  units[n] = 0;
  score[0] = carried;
  for (u32 i = 1; i <= n; i++) score[i] = -__builtin_inf();
  from[0] = 0;
  double narrowest = __builtin_inf();
  double largest = 0;
  for (u32 s = 0; s < n;) {
    u32 c = w[s];
    u32 width = 1;
    if (c >= 0xd800 && c < 0xdc00 && s + 1 < n) {
      u32 d = w[s + 1];
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
        offer(at, scores[piece] + here, s, piece, float32, explain, &narrowest, &largest);
        if (at - s == width) single = 1;
      }
    }
    if (!single) {
      // Rounded before it is compared (SentencePiece computes the unknown's offer in float32).
      double candidate = float32 ? (double)(float)(unk_score + here) : unk_score + here;
      offer(s + width, candidate, s, unk_id, float32, explain, &narrowest, &largest);
    }
    s += width;
  }
  if (explain) {
    margin = narrowest;
    reach = largest;
  }
}

static void forward_at(const u16 *w, u32 n, double carried, u32 float32) { viterbi_forward(w, n, carried, float32, 0); }

/** The best path to each position of the word chars[0, n) (forward_at), for the caller's own backward pass. */
EXPORT(forward)
void forward(u32 n, double carried, u32 float32) { forward_at(chars, n, carried, float32); }

// A whole normalized text counted here, word by word through a word cache, as TieSafeWords.countText
// (src/unigram/tie-safe-words.ts) counts it: cut before each `cut_unit` that no piece spans, a
// word's explained split reused when the score carried in is too small to break its near-ties
// otherwise (|carried| < its safe bound), else the word split again from that score. A word met
// for the first time is explained here too (UnigramViterbi.explain, TieSafeWords.safeBelowOf).

/** How a run of fused unknowns counts (UnigramViterbi's flavour): Hugging Face's is one token when it is a piece. */
static u32 huggingface;
static u32 byte_fallback;
/** Whether the Viterbi stores scores as float32 (SentencePiece). */
static u32 viterbi_float32;
/** Whether the word cache replays steps in float32 (TieSafeWords' precision). */
static u32 steps_float32;
/** Where the text may be cut: before `cut_unit`, unless joins[the unit before it] (CutPoints). */
static u8 *joins;
static u32 cut_unit;
/** Whether each word is split from 0, not from the score carried out of the one before (Metaspace's words). */
static u32 words_apart;

/** Units of a word's key kept in its slot; a longer word's are in `keys`. */
#define INLINE_UNITS 16

/**
 * A cached word, in one 64-byte cache line: a look-up that hits reads this slot, and its steps,
 * and for a word longer than INLINE_UNITS its key in `keys`. Empty when `length` is 0.
 */
typedef struct {
  u32 hash;
  u32 length;
  i32 tokens;
  u32 steps_at;
  u32 steps_end;
  u32 key_at;
  /** |score carried in| below which the explained split holds (TieSafeWords.safeBelowOf). */
  double safe;
  u16 key[INLINE_UNITS];
} Word;

/** The word cache: open addressing over `slot_mask` + 1 slots, at most half of them used (`most_words`). */
static u32 most_words;
static u32 words;
static Word *slots;
static u32 slot_mask;
/** Whether a slot may be in use: a new table is zero already. */
static u32 slots_dirty;
static u16 *keys;
static u32 keys_used;
static u32 keys_room;
static double *steps;
static u32 steps_used;
static u32 steps_room;
/** Words longer than this are split directly, not cached; a cached word's steps, last first, while explained. */
#define LONGEST_CACHED 64
static double learning[LONGEST_CACHED];

/**
 * The text counted (written by the caller), apart from `chars` and the paths, which need room
 * only for its longest word: a long text costs 2 bytes a unit here, not the paths' 22.
 */
static u16 *text;
static u32 text_room;

/** The count in progress: the text's length, the total, the score carried. */
static u32 text_n;
static u32 total;
static double carry;

EXPORT(configure_stretches)
void configure_stretches(u32 hf, u32 bytes, u32 float32) {
  huggingface = hf;
  byte_fallback = bytes;
  viterbi_float32 = float32;
}

EXPORT(joins_at) u8 *joins_at(void) {
  if (joins == 0) joins = alloc(65536);
  return joins;
}
EXPORT(total_of) u32 total_of(void) { return total; }

/** Room for a text of n units (and one more before it, for normalize_spaces): 1, or 0 when memory cannot grow. */
EXPORT(reserve_text)
u32 reserve_text(u32 n) {
  if (n + 2 <= text_room) return 1;
  u32 room = n + 2 > 2 * text_room ? n + 2 : 2 * text_room;
  u16 *bigger = alloc(room * 2);
  if (bigger == 0) return 0;
  text = bigger;
  text_room = room;
  return 1;
}
EXPORT(text_at) u16 *text_at(void) { return text; }

/** Empties the word cache (its keys and steps too). */
static void empty_words(void) {
  if (slots_dirty)
    for (u32 i = 0; i <= slot_mask; i++) slots[i].length = 0;
  slots_dirty = 0;
  words = 0;
  keys_used = 0;
  steps_used = 0;
}

/**
 * An empty word cache of at most `most` words, replaying in float32 if `float32`, cut before
 * `unit`, each word split from 0 if `apart`: 0 when memory cannot grow.
 */
EXPORT(reset_words)
u32 reset_words(u32 most, u32 float32, u32 unit, u32 apart) {
  steps_float32 = float32;
  cut_unit = unit;
  words_apart = apart;
  if (most * 2 > slot_mask + 1) {
    u32 table = 2;
    while (table < 2 * most) table *= 2;
    Word *bigger = alloc(table * sizeof(Word));
    if (bigger == 0) return 0;
    slots = bigger;
    slot_mask = table - 1;
    // Written now, so that its pages are the process's before counting (PieceTable.memory says why).
    slots_dirty = 1;
  }
  most_words = most;
  empty_words();
  return 1;
}

static u32 hash_of(const u16 *w, u32 n) {
  u32 h = 0x811c9dc5u;
  for (u32 i = 0; i < n; i++) h = (h ^ w[i]) * 0x01000193u;
  h = (h ^ n) * 0x01000193u;
  return h ^ (h >> 15);
}

/** The slot of the cached word w[0, n) (hash h), or the empty slot where it would go (length 0). */
static Word *lookup(const u16 *w, u32 n, u32 h) {
  for (u32 slot = h & slot_mask;; slot = (slot + 1) & slot_mask) {
    Word *word = &slots[slot];
    if (word->length == 0) return word;
    if (word->hash != h || word->length != n) continue;
    const u16 *key = n <= INLINE_UNITS ? word->key : keys + word->key_at;
    u32 i = 0;
    while (i < n && key[i] == w[i]) i++;
    if (i == n) return word;
  }
}

/** The piece that is exactly w[s, e), or -1 (PieceTrie.find). */
static i32 find_piece(const u16 *w, u32 s, u32 e) {
  if (e <= s) return -1;
  i32 node = 0;
  for (u32 i = s; i < e; i++) {
    i32 t = cells[node] + codes[w[i]];
    if (cells[t + 1] != node) return -1;
    node = t;
  }
  return cells[node + 2];
}

/** UTF-8 bytes of the well-formed w[s, e) (utf8Length). */
static u32 utf8_length(const u16 *w, u32 s, u32 e) {
  u32 bytes = 0;
  for (u32 i = s; i < e; i++) {
    u32 c = w[i];
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Tokens of a run of fused unknown nodes w[s, e) (UnigramViterbi.fused). */
static u32 fused(const u16 *w, u32 s, u32 e) {
  if (huggingface && find_piece(w, s, e) >= 0) return 1;
  if (!byte_fallback) return 1;
  return utf8_length(w, s, e);
}

/**
 * Tokens of the best path to w[n] (UnigramViterbi.backward); with `steps`, each step's score,
 * last first, into it: an unknown node's is the unknown score unless it is the unknown piece's own text.
 */
static u32 backward(const u16 *w, u32 n, double *steps_out) {
  u32 tokens = 0;
  i32 run_end = -1;
  u32 at = n;
  u32 step = 0;
  while (at > 0) {
    u32 s = (u32)from[at];
    i32 id = ids[at];
    if (steps_out) steps_out[step++] = id == unk_id && find_piece(w, s, at) != unk_id ? unk_score : scores[id];
    if (id == unk_id) {
      if (run_end < 0) run_end = (i32)at;
    } else {
      if (run_end >= 0) {
        tokens += fused(w, at, (u32)run_end);
        run_end = -1;
      }
      tokens++;
    }
    at = s;
  }
  if (run_end >= 0) tokens += fused(w, 0, (u32)run_end);
  return tokens;
}

/** Tokens of w[0, n) from the score `base` before it (UnigramViterbi.count); the best score after it becomes the carry. */
static u32 split(const u16 *w, u32 n, double base) {
  forward_at(w, n, base, viterbi_float32);
  carry = score[n];
  return backward(w, n, 0);
}

/** forward_at from 0 in exact arithmetic, noting `margin` and `reach` (UnigramViterbi.forwardExplained). */
static void forward_explained(const u16 *w, u32 n) { viterbi_forward(w, n, 0, 0, 1); }

/**
 * TieSafeWords.safeBelowOf: |carried| below this keeps every decision of a word of `length`
 * units explained with `margin` and `reach`. 2^floor(log2 q) is read from q's exponent, where
 * TypeScript rounds Math.log2 first: this is never larger, so never less safe (and subnormal q gives 0: always split).
 */
static double safe_below_of(u32 length) {
  if (margin == __builtin_inf()) return __builtin_inf();
  if (margin == 0) return 0;
  double q = margin / (double)(2 * length + 2);
  union {
    double d;
    u64 bits;
  } v = {q};
  i32 exponent = (i32)((v.bits >> 52) & 0x7ff);
  if (exponent == 0) return 0;
  i32 e = exponent - 1023 + (steps_float32 ? 23 : 52);
  if (e > 1023) return __builtin_inf();
  if (e < -1022) return 0;
  v.bits = (u64)(e + 1023) << 52;
  return v.d / 1.001 - reach;
}

/** The room an array of `room` items grows to, to hold `need`: `first` at first, then twice as much until it does. */
static u32 room_for(u32 room, u32 need, u32 first) {
  u32 grown_to = room < first ? first : 2 * room;
  while (grown_to < need) grown_to *= 2;
  return grown_to;
}

/** A copy of `array` (`length` elements of `size` bytes) in room for `room`, or 0. */
static void *grown(void *array, u32 length, u32 size, u32 room) {
  void *bigger = alloc(room * size);
  if (bigger == 0) return 0;
  __builtin_memcpy(bigger, array, length * size);
  return bigger;
}


/** Explains the word w[0, n) (hash h) and caches it in `slot` (empty, where lookup found no word): its slot, or 0 when memory cannot grow. */
static Word *learn(const u16 *w, u32 n, u32 h, Word *slot) {
  forward_explained(w, n);
  u32 count = 0;
  for (u32 at = n; at > 0; at = (u32)from[at]) count++;
  i32 tokens = (i32)backward(w, n, learning);
  double safe = safe_below_of(n);
  if (words >= most_words) {
    // Full: the cache starts again empty, as TieSafeWords' does.
    empty_words();
    slot = lookup(w, n, h);
  }
  if (n > INLINE_UNITS && keys_used + n > keys_room) {
    u32 room = room_for(keys_room, keys_used + n, 65536);
    u16 *bigger = grown(keys, keys_used, 2, room);
    if (bigger == 0) return 0;
    keys = bigger;
    keys_room = room;
  }
  if (steps_used + count > steps_room) {
    u32 room = room_for(steps_room, steps_used + count, 16384);
    double *bigger = grown(steps, steps_used, 8, room);
    if (bigger == 0) return 0;
    steps = bigger;
    steps_room = room;
  }
  u16 *key = slot->key;
  if (n > INLINE_UNITS) {
    key = keys + keys_used;
    slot->key_at = keys_used;
    keys_used += n;
  }
  for (u32 i = 0; i < n; i++) key[i] = w[i];
  // Replayed first step first.
  for (u32 i = 0; i < count; i++) steps[steps_used + i] = learning[count - 1 - i];
  slot->steps_at = steps_used;
  steps_used += count;
  slot->steps_end = steps_used;
  slot->hash = h;
  slot->tokens = tokens;
  slot->safe = safe;
  slot->length = n;
  slots_dirty = 1;
  words++;
  return slot;
}

/** Counts the word text[s, e) (hash h, if it is short enough to be cached) into the total and carries the score on; 0 when memory could not grow. */
static u32 count_word(u32 s, u32 e, u32 h) {
  const u16 *w = text + s;
  u32 n = e - s;
  // The paths of a word longer than any before (reserve moves them: the caller's views are renewed by `room`).
  if (n + 2 > capacity && !reserve(n)) return 0;
  if (words_apart) carry = 0;
  double base = carry;
  if (n > LONGEST_CACHED) {
    total += split(w, n, base);
    return 1;
  }
  Word *word = lookup(w, n, h);
  if (word->length == 0) {
    word = learn(w, n, h, word);
    if (word == 0) return 0;
  }
  if (!(__builtin_fabs(base) < word->safe)) {
    total += split(w, n, base);
    return 1;
  }
  double sum = base;
  u32 last = word->steps_end;
  if (steps_float32)
    for (u32 i = word->steps_at; i < last; i++) sum = (double)(float)(sum + steps[i]);
  else
    for (u32 i = word->steps_at; i < last; i++) sum += steps[i];
  carry = sum;
  total += (u32)word->tokens;
  return 1;
}

/** Starts counting text[0, n) (the caller wrote it there, after `reserve_text(n)`). */
EXPORT(begin)
void begin(u32 n) {
  text_n = n;
  total = 0;
  carry = 0;
}

/** Where the word starting at s ends: before the next cut after it, or at the text's end. */
static u32 word_end(u32 s) {
  u32 i = s + 1;
  while (i < text_n && (text[i] != cut_unit || joins[text[i - 1]])) i++;
  return i;
}

/** What the loads of `prefetch` are kept in, so that they are made. */
static u32 prefetched;

/**
 * The hash of the word text[s, e), whose slot is loaded now, a word early: the memory is on its
 * way while the word before is counted (WebAssembly has no prefetch instruction).
 */
static u32 prefetch(u32 s, u32 e) {
  if (e - s > LONGEST_CACHED) return 0;
  u32 h = hash_of(text + s, e - s);
  prefetched ^= slots[h & slot_mask].hash;
  return h;
}

/** Counts the text: 1 when counted (total_of), 0 when memory could not grow. */
EXPORT(run)
u32 run(void) {
  if (text_n == 0) return 1;
  u32 s = 0;
  u32 e = word_end(0);
  u32 h = prefetch(0, e);
  for (;;) {
    u32 next_end = e < text_n ? word_end(e) : e;
    u32 next_hash = next_end > e ? prefetch(e, next_end) : 0;
    if (!count_word(s, e, h)) return 0;
    if (e >= text_n) return 1;
    s = e;
    e = next_end;
    h = next_hash;
  }
}

/**
 * Makes the text the caller wrote at text[1, n + 1) what SentencePiece's normalizer makes of it
 * when it only rewrites spaces (SentencePieceNormalizer without a charsmap), at text[0, length),
 * and returns that length: with `remove_extra`, spaces at the start are dropped and runs of them
 * made one; each space becomes "▁" (the cut unit: "▁" for SentencePiece, Metaspace's replacement);
 * with `dummy_prefix` a "▁" goes first (unless nothing is left); with `remove_extra` the text
 * loses its trailing "▁"s. With neither, spaces only become "▁" (a text another normalizer left
 * them in). One pass, in place: the output never passes the input.
 */
EXPORT(normalize_spaces)
u32 normalize_spaces(u32 n, u32 remove_extra, u32 dummy_prefix) {
  u32 out = dummy_prefix ? 1 : 0;
  u32 body = out;
  u32 previous_space = remove_extra;
  for (u32 i = 1; i <= n; i++) {
    u32 c = text[i];
    if (c == 0x20) {
      if (previous_space) continue;
      text[out++] = (u16)cut_unit;
      previous_space = remove_extra;
    } else {
      text[out++] = (u16)c;
      previous_space = 0;
    }
  }
  if (out == body) return 0;
  if (dummy_prefix) text[0] = (u16)cut_unit;
  if (remove_extra)
    while (out > 0 && text[out - 1] == cut_unit) out--;
  return out;
}
