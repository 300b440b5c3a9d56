import { MERGED, type PairTable, RANK } from "./pair-table.js";

/**
 * Byte-pair merging that returns only the number of tokens left, for a piece already split
 * by a pre-tokenizer and given as token ids (one per byte to start with). The pair with the
 * lowest rank merges first, and among equal ranks the leftmost — the rule of tiktoken and of
 * Hugging Face BPE.
 *
 * Short pieces use a scan over typed arrays (fastest when n is small); long ones a binary
 * heap over a linked list, O(n log n), because the scan is quadratic and a run of hundreds of
 * thousands of characters without a split point is real input. Scratch arrays are reused:
 * counting allocates nothing once they have grown to the longest piece seen.
 */
const SCAN_LIMIT = 96;
const NONE = 0x7fffffff;
const POSITION = 2 ** 32;

export class BpeMerger {
  private ranks = new Int32Array(SCAN_LIMIT);
  private where = new Int32Array(SCAN_LIMIT);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private version = new Int32Array(0);
  private pairAt = new Int32Array(0);
  private readonly heap = new MergeHeap();

  constructor(private readonly pairs: PairTable) {}

  /** The number of tokens BPE leaves of ids[0, n). Overwrites ids. */
  count(ids: Int32Array, n: number): number {
    if (n <= 1) return n;
    return n <= SCAN_LIMIT ? this.countByScan(ids, n) : this.countByHeap(ids, n);
  }

  private countByScan(ids: Int32Array, n: number): number {
    const pairs = this.pairs;
    const slots = pairs.slots;
    const ranks = this.ranks;
    // The pair's slot: its merged token is read only if it merges, from a line the look-up brought in.
    const where = this.where;
    let mergeable = 0;
    for (let i = 0; i < n - 1; i++) {
      const at = pairs.find(ids[i]!, ids[i + 1]!);
      if (at < 0) ranks[i] = NONE;
      else {
        ranks[i] = slots[at + RANK]!;
        where[i] = at;
        mergeable++;
      }
    }
    // No pair merges (often so in a short pre-merged CJK piece): nothing to scan for.
    if (mergeable === 0) return n;
    let parts = n;
    for (;;) {
      let best = NONE;
      let at = -1;
      for (let i = 0; i < parts - 1; i++) {
        const r = ranks[i]!;
        if (r < best) {
          best = r;
          at = i;
        }
      }
      if (at < 0) return parts;
      ids[at] = slots[where[at]! + MERGED]!;
      for (let i = at + 1; i < parts - 1; i++) {
        ids[i] = ids[i + 1]!;
        ranks[i] = ranks[i + 1]!;
        where[i] = where[i + 1]!;
      }
      parts--;
      if (at < parts - 1) {
        const slot = pairs.find(ids[at]!, ids[at + 1]!);
        if (slot < 0) ranks[at] = NONE;
        else {
          ranks[at] = slots[slot + RANK]!;
          where[at] = slot;
        }
      }
      if (at > 0) {
        const slot = pairs.find(ids[at - 1]!, ids[at]!);
        if (slot < 0) ranks[at - 1] = NONE;
        else {
          ranks[at - 1] = slots[slot + RANK]!;
          where[at - 1] = slot;
        }
      }
    }
  }

  private countByHeap(ids: Int32Array, n: number): number {
    if (this.next.length <= n) {
      this.next = new Int32Array(n + 1);
      this.prev = new Int32Array(n + 1);
      this.version = new Int32Array(n + 1);
      this.pairAt = new Int32Array(n + 1);
    }
    const { next, prev, version, pairAt, heap, pairs } = this;
    const slots = pairs.slots;
    // Parts as a linked list over their start offsets; ids[start] is the part's token, and a
    // version per start invalidates stale heap entries (a dead part has version -1). The one
    // entry of a start that is not stale is its last pushed: pairAt[start] is that pair's slot.
    for (let i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      version[i] = 0;
    }
    heap.clear();
    for (let i = 0; i < n - 1; i++) {
      const slot = pairs.find(ids[i]!, ids[i + 1]!);
      if (slot >= 0) {
        heap.push(slots[slot + RANK]! * POSITION + i, 0);
        pairAt[i] = slot;
      }
    }
    let parts = n;
    while (heap.size > 0) {
      const key = heap.topKey();
      const ver = heap.topVersion();
      heap.pop();
      const start = key % POSITION;
      if (version[start] !== ver) continue;
      const mid = next[start]!;
      // The pair is still (ids[start], ids[mid]): neither part changed since it was pushed.
      ids[start] = slots[pairAt[start]! + MERGED]!;
      const end = next[mid]!;
      version[mid] = -1;
      next[start] = end;
      if (end < n) prev[end] = start;
      parts--;
      const v = ++version[start]!;
      if (end < n) {
        const right = pairs.find(ids[start]!, ids[end]!);
        if (right >= 0) {
          heap.push(slots[right + RANK]! * POSITION + start, v);
          pairAt[start] = right;
        }
      }
      const before = prev[start]!;
      if (before >= 0) {
        const vb = ++version[before]!;
        const left = pairs.find(ids[before]!, ids[start]!);
        if (left >= 0) {
          heap.push(slots[left + RANK]! * POSITION + before, vb);
          pairAt[before] = left;
        }
      }
    }
    return parts;
  }
}

/** A min-heap of (rank × 2³² + start, version): the lowest rank first, the leftmost on ties. */
class MergeHeap {
  private keys = new Float64Array(256);
  private versions = new Int32Array(256);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(key: number, version: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      const versions = new Int32Array(this.versions.length * 2);
      versions.set(this.versions);
      this.keys = keys;
      this.versions = versions;
    }
    const { keys, versions } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      versions[i] = versions[parent]!;
      i = parent;
    }
    keys[i] = key;
    versions[i] = version;
  }

  topKey(): number {
    return this.keys[0]!;
  }
  topVersion(): number {
    return this.versions[0]!;
  }

  pop(): void {
    const { keys, versions } = this;
    const last = --this.size;
    if (last === 0) return;
    const key = keys[last]!;
    const version = versions[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const m = r < last && keys[r]! < keys[l]! ? r : l;
      if (keys[m]! >= key) break;
      keys[i] = keys[m]!;
      versions[i] = versions[m]!;
      i = m;
    }
    keys[i] = key;
    versions[i] = version;
  }
}
