import { MERGED, type PairTable, RANK } from "./pair-table.js";

/**
 * Starts byte-level BPE from whole characters instead of bytes where that cannot change the
 * result. A Japanese piece is ~3 bytes per character and BPE's work grows with the square of
 * the units in a piece, so starting from characters makes the merge several times faster.
 *
 * Why it is exact. Let character c alone (its UTF-8 bytes, nothing around) merge by BPE through
 * states s0 (bytes) ... sk (its final tokens), the merge from s(i) to s(i+1) having rank r(i+1),
 * and let M be the highest of these ranks. In a piece, while c is in state s(i) its next merge
 * (rank r(i+1)) is available, so anything that merges first has a rank ≤ r(i+1). A merge across
 * c's edge — of a token x just left of c with c's first token in s(i), or of c's last token with
 * a token y just right of it — can therefore only happen before c is complete if its rank is
 * ≤ r(i+1). If no such pair exists, c goes through the same states in the piece as alone, every
 * merge elsewhere happens as if c were already sk (those merges have ranks ≤ M), and once c is
 * complete the two runs are in the same state: provided that sk's own pairs with x and y have
 * ranks > M too, so that starting from sk does not let them merge earlier. Pre-merging c is
 * then exact, and applying the argument to one character after another covers a whole piece.
 *
 * x and y are not arbitrary: x ends where c starts and y starts where c ends, both character
 * boundaries of valid UTF-8 (lone surrogates are U+FFFD by then). Pairs with a token that cannot
 * sit there (x ending inside a character, y starting with a continuation byte) are ignored;
 * the others are kept as "neighbours that prevent" pre-merging c: the last ≤ 4 bytes of x or
 * the first ≤ 4 of y, checked against the piece's bytes when c is met. Comparing 4 bytes of a
 * longer token is conservative: it may refuse a pre-merge that was safe, never the reverse.
 * Only characters of the Basic Multilingual Plane are pre-merged.
 */
const CHARS = 0x10000;
/** A character with more preventing neighbours than this is left as bytes (it is rare: ~0.5 % in o200k_base). */
const MOST_NEIGHBOURS = 8;
const NONE = 0x7fffffff;

interface PreventingNeighbour {
  side: "before" | "after";
  bytes: Uint8Array;
}

export interface CharPremergeModel {
  chars: Int32Array;
  neighbours: Int32Array;
  byteIds: Int32Array;
}

export class CharPremerge {
  /** Per code point: first token (-1: not pre-merged), second token (-1: none), neighbours' start and end in `neighbours`. */
  private readonly chars: Int32Array;
  /** Per preventing neighbour: (side << 3 | byte length), bytes big-endian in one int. */
  private readonly neighbours: Int32Array;

  private constructor(
    chars: Int32Array,
    neighbours: Int32Array,
    private readonly byteIds: Int32Array,
  ) {
    this.chars = chars;
    this.neighbours = neighbours;
  }

  model(): CharPremergeModel {
    return { chars: this.chars, neighbours: this.neighbours, byteIds: this.byteIds };
  }

  static fromModel(model: CharPremergeModel): CharPremerge {
    return new CharPremerge(model.chars, model.neighbours, model.byteIds);
  }

  /**
   * `tokenBytes[id]` is each token's bytes; `byteIds[b]` the token of byte b (-1: none).
   * `ignoreNeighbours` exists only so that a test can show the neighbour check is needed.
   */
  static build(
    pairs: PairTable,
    tokenBytes: readonly (Uint8Array | undefined)[],
    byteIds: Int32Array,
    options: { ignoreNeighbours?: boolean } = {},
  ): CharPremerge {
    const candidates = isolatedMerges(pairs, byteIds);
    const edges = new Uint8Array(tokenBytes.length);
    const LEFT_EDGE = 1;
    const RIGHT_EDGE = 2;
    for (const c of candidates) {
      for (const s of c.states) {
        edges[s.first] = edges[s.first]! | LEFT_EDGE;
        edges[s.last] = edges[s.last]! | RIGHT_EDGE;
      }
    }
    // The pairs an edge token of some character could form with a neighbour: (x, first) and (last, y).
    const withLeftNeighbour = new Map<number, number[]>();
    const withRightNeighbour = new Map<number, number[]>();
    pairs.forEach((left, right, rank) => {
      if (edges[right]! & LEFT_EDGE) {
        const x = tokenBytes[left];
        if (x !== undefined && endsAtCharBoundary(x)) pushTo(withLeftNeighbour, right, left, rank);
      }
      if (edges[left]! & RIGHT_EDGE) {
        const y = tokenBytes[right];
        if (y !== undefined && startsAtCharBoundary(y)) pushTo(withRightNeighbour, left, right, rank);
      }
    });

    const chars = new Int32Array(CHARS * 4).fill(-1);
    const neighbours: number[] = [];
    const found = new Set<number>();
    for (const c of candidates) {
      found.clear();
      for (const s of c.states) {
        const before = withLeftNeighbour.get(s.first) ?? [];
        for (let i = 0; i < before.length; i += 2)
          if (before[i + 1]! <= s.bound) found.add(neighbourKey(0, tokenBytes[before[i]!]!));
        const after = withRightNeighbour.get(s.last) ?? [];
        for (let i = 0; i < after.length; i += 2)
          if (after[i + 1]! <= s.bound) found.add(neighbourKey(1, tokenBytes[after[i]!]!));
      }
      if (found.size > MOST_NEIGHBOURS) continue;
      const at = c.codePoint * 4;
      chars[at] = c.tokens[0]!;
      chars[at + 1] = c.tokens[1] ?? -1;
      chars[at + 2] = neighbours.length;
      if (!options.ignoreNeighbours) {
        for (const key of found) neighbours.push(Math.floor(key / 2 ** 32), (key % 2 ** 32) | 0);
      }
      chars[at + 3] = neighbours.length;
    }
    return new CharPremerge(chars, Int32Array.from(neighbours), byteIds);
  }

  /** Whether `codePoint` starts as its own tokens (given no preventing neighbour). */
  premerges(codePoint: number): boolean {
    return codePoint < CHARS && this.chars[codePoint * 4]! >= 0;
  }

  /** The neighbours that keep `codePoint` as bytes, for tests and debugging. */
  preventingNeighbours(codePoint: number): PreventingNeighbour[] {
    if (!this.premerges(codePoint)) return [];
    const out: PreventingNeighbour[] = [];
    for (let d = this.chars[codePoint * 4 + 2]!; d < this.chars[codePoint * 4 + 3]!; d += 2) {
      const head = this.neighbours[d]!;
      const length = head & 7;
      const value = this.neighbours[d + 1]!;
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i++) bytes[i] = (value >>> (8 * (length - 1 - i))) & 0xff;
      out.push({ side: head >> 3 === 0 ? "before" : "after", bytes });
    }
    return out;
  }

  /**
   * The starting token ids of the UTF-8 `bytes[0, n)` (valid UTF-8) into `ids`: pre-merged
   * characters as their tokens, everything else byte by byte. Returns how many ids.
   */
  initialIds(bytes: Uint8Array, n: number, ids: Int32Array): number {
    const { chars, neighbours, byteIds } = this;
    let m = 0;
    let o = 0;
    while (o < n) {
      const b = bytes[o]!;
      if (b < 0x80) {
        ids[m++] = byteIds[b]!;
        o++;
        continue;
      }
      let length: number;
      let at = -1;
      if (b < 0xe0) {
        length = 2;
        at = (((b & 0x1f) << 6) | (bytes[o + 1]! & 0x3f)) * 4;
      } else if (b < 0xf0) {
        length = 3;
        at = (((b & 0x0f) << 12) | ((bytes[o + 1]! & 0x3f) << 6) | (bytes[o + 2]! & 0x3f)) * 4;
      } else length = 4;
      let first = at >= 0 ? chars[at]! : -1;
      let d = first >= 0 ? chars[at + 2]! : 0;
      const last = first >= 0 ? chars[at + 3]! : 0;
      if (d < last) {
        // The ≤ 4 bytes on each side, big-endian, once: each neighbour is then a mask and a compare.
        const after = o + length;
        const haveBefore = Math.min(o, 4);
        const haveAfter = Math.min(n - after, 4);
        let before = 0;
        for (let i = o - haveBefore; i < o; i++) before = (before << 8) | bytes[i]!;
        let following = 0;
        for (let i = after; i < after + haveAfter; i++) following = (following << 8) | bytes[i]!;
        for (; d < last; d += 2) {
          const head = neighbours[d]!;
          const size = head & 7;
          // A neighbour that does not fit in the piece is not there.
          let value: number;
          if (head >> 3 === 0) {
            if (size > haveBefore) continue;
            value = size === 4 ? before : before & ((1 << (8 * size)) - 1);
          } else {
            if (size > haveAfter) continue;
            value = following >>> (8 * (haveAfter - size));
            if (size < 4) value &= (1 << (8 * size)) - 1;
          }
          if ((value | 0) === neighbours[d + 1]) {
            first = -1;
            break;
          }
        }
      }
      if (first >= 0) {
        ids[m++] = first;
        const second = chars[at + 1]!;
        if (second >= 0) ids[m++] = second;
      } else for (let i = 0; i < length; i++) ids[m++] = byteIds[bytes[o + i]!]!;
      o += length;
    }
    return m;
  }
}

interface IsolatedState {
  /** The state's first and last token. */
  first: number;
  last: number;
  /** The rank that a merge across the edge must exceed to wait for this state's next merge (M in the final state). */
  bound: number;
}
interface Candidate {
  codePoint: number;
  states: IsolatedState[];
  tokens: number[];
}

/** Every BMP character whose bytes merge at all when alone: its states and final tokens. */
function isolatedMerges(pairs: PairTable, byteIds: Int32Array): Candidate[] {
  const out: Candidate[] = [];
  const bytes = new Uint8Array(4);
  for (let cp = 0x80; cp < CHARS; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const n = cp < 0x800 ? 2 : 3;
    if (n === 2) {
      bytes[0] = 0xc0 | (cp >> 6);
      bytes[1] = 0x80 | (cp & 0x3f);
    } else {
      bytes[0] = 0xe0 | (cp >> 12);
      bytes[1] = 0x80 | ((cp >> 6) & 0x3f);
      bytes[2] = 0x80 | (cp & 0x3f);
    }
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(byteIds[bytes[i]!]!);
    if (ids.some((id) => id < 0)) continue;
    const states: IsolatedState[] = [];
    let highest = -1;
    for (;;) {
      let best = NONE;
      let at = -1;
      let merged = -1;
      for (let i = 0; i + 1 < ids.length; i++) {
        const slot = pairs.find(ids[i]!, ids[i + 1]!);
        if (slot >= 0 && pairs.slots[slot + RANK]! < best) {
          best = pairs.slots[slot + RANK]!;
          at = i;
          merged = pairs.slots[slot + MERGED]!;
        }
      }
      states.push({ first: ids[0]!, last: ids[ids.length - 1]!, bound: at < 0 ? highest : best });
      if (at < 0) break;
      highest = Math.max(highest, best);
      ids.splice(at, 2, merged);
    }
    if (highest >= 0 && ids.length <= 2) out.push({ codePoint: cp, states, tokens: ids });
  }
  return out;
}

/** Whether a token can end exactly where a character starts: it does not end inside a character. */
function endsAtCharBoundary(token: Uint8Array): boolean {
  const last = token[token.length - 1]!;
  if (last < 0x80) return true;
  if (last >= 0xc0) return false;
  let k = token.length - 1;
  let continuations = 0;
  while (k >= 0 && (token[k]! & 0xc0) === 0x80) {
    k--;
    continuations++;
  }
  // All continuation bytes: the token may end the tail of a character begun before it.
  if (k < 0) return continuations <= 3;
  const lead = token[k]!;
  return continuations === (lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1);
}

/** Whether a token can start exactly where a character ends: it starts with a character's first byte. */
function startsAtCharBoundary(token: Uint8Array): boolean {
  return (token[0]! & 0xc0) !== 0x80;
}

/** (side, the ≤ 4 bytes next to the character) as one number: side and length above bit 32, bytes below. */
function neighbourKey(side: 0 | 1, token: Uint8Array): number {
  const size = Math.min(4, token.length);
  const from = side === 0 ? token.length - size : 0;
  let value = 0;
  for (let i = from; i < from + size; i++) value = value * 256 + token[i]!;
  return ((side << 3) | size) * 2 ** 32 + value;
}

function pushTo(map: Map<number, number[]>, key: number, other: number, rank: number): void {
  let list = map.get(key);
  if (list === undefined) map.set(key, (list = []));
  list.push(other, rank);
}
