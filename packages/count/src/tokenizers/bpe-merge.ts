/**
 * Byte-pair merging that returns only the number of parts, for pieces already split by a
 * pre-tokenizer. `rankOf(start, end)` gives the priority of merging the symbols that span
 * [start, end) of the piece, or undefined when they cannot merge; the lowest rank merges
 * first, and among equal ranks the leftmost — the rule of tiktoken and of Hugging Face BPE.
 *
 * Short pieces use the simple scan (fastest when n is small); long ones a binary heap over
 * a linked list, O(n log n), because the scan is quadratic and a run of hundreds of thousands
 * of characters without a split point is real input.
 */
export type RankOf = (leftStart: number, mid: number, end: number) => number | undefined;

const SCAN_LIMIT = 128;

export function countMerges(length: number, rankOf: RankOf): number {
  if (length <= 1) return length;
  return length <= SCAN_LIMIT ? countByScan(length, rankOf) : countByHeap(length, rankOf);
}

const NONE = Number.POSITIVE_INFINITY;

function countByScan(length: number, rankOf: RankOf): number {
  // starts[i] is the start of part i; parts end where the next begins.
  const starts: number[] = new Array(length + 1);
  for (let i = 0; i <= length; i++) starts[i] = i;
  const ranks: number[] = new Array(length);
  for (let i = 0; i < length - 1; i++) ranks[i] = rankOf(i, i + 1, i + 2) ?? NONE;
  let parts = length;
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
    // Merge part `at` with part `at + 1`.
    starts.splice(at + 1, 1);
    ranks.splice(at + 1, 1);
    parts--;
    if (at < parts - 1) ranks[at] = rankOf(starts[at]!, starts[at + 1]!, starts[at + 2]!) ?? NONE;
    else ranks[at] = NONE;
    if (at > 0) ranks[at - 1] = rankOf(starts[at - 1]!, starts[at]!, starts[at + 1]!) ?? NONE;
  }
}

function countByHeap(length: number, rankOf: RankOf): number {
  // Parts as a linked list over their start offsets.
  const next = new Int32Array(length + 1);
  const prev = new Int32Array(length + 1);
  const alive = new Uint8Array(length + 1);
  for (let i = 0; i <= length; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    alive[i] = 1;
  }
  // A version per part start invalidates stale heap entries lazily.
  const version = new Int32Array(length + 1);
  const heap = new PairHeap();
  for (let i = 0; i < length - 1; i++) {
    const r = rankOf(i, i + 1, i + 2);
    if (r !== undefined) heap.push(r, i, 0);
  }
  let parts = length;
  while (heap.size > 0) {
    const start = heap.topStart();
    const ver = heap.topVersion();
    heap.pop();
    if (!alive[start] || version[start] !== ver) continue;
    const mid = next[start]!;
    if (mid >= length) continue;
    // Merge [start, mid) with [mid, next[mid]).
    const end = next[mid]!;
    alive[mid] = 0;
    next[start] = end;
    if (end <= length) prev[end] = start;
    parts--;
    version[start] = version[start]! + 1;
    if (end < length) {
      const r = rankOf(start, end, next[end]!);
      if (r !== undefined) heap.push(r, start, version[start]!);
    }
    const before = prev[start]!;
    if (before >= 0) {
      version[before] = version[before]! + 1;
      const r = rankOf(before, start, end);
      if (r !== undefined) heap.push(r, before, version[before]!);
    }
  }
  return parts;
}

/** A min-heap of (rank, start) with the lowest rank first and the leftmost start on ties. */
class PairHeap {
  private ranks: number[] = [];
  private starts: number[] = [];
  private versions: number[] = [];
  size = 0;

  private less(i: number, j: number): boolean {
    const a = this.ranks[i]!;
    const b = this.ranks[j]!;
    return a < b || (a === b && this.starts[i]! < this.starts[j]!);
  }

  private swap(i: number, j: number): void {
    const { ranks, starts, versions } = this;
    [ranks[i], ranks[j]] = [ranks[j]!, ranks[i]!];
    [starts[i], starts[j]] = [starts[j]!, starts[i]!];
    [versions[i], versions[j]] = [versions[j]!, versions[i]!];
  }

  push(rank: number, start: number, version: number): void {
    let i = this.size++;
    this.ranks[i] = rank;
    this.starts[i] = start;
    this.versions[i] = version;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  topStart(): number {
    return this.starts[0]!;
  }
  topVersion(): number {
    return this.versions[0]!;
  }

  pop(): void {
    const last = --this.size;
    if (last > 0) this.swap(0, last);
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.less(l, m)) m = l;
      if (r < last && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
