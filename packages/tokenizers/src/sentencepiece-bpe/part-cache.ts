/**
 * A small cache of part counts in front of the shared piece cache, private to one counter: a
 * part is found by the hash the scanner computed as it read the part, then compared with the
 * text where it lies; no second pass to hash, no atomics, no probing (a slot holds the last part
 * that hashed to it). Natural text repeats its words closely, so most parts are found here; the
 * rest go to the shared cache, which other threads fill too.
 */
export class PartCache {
  /** Per slot: hash, length | count << 16 (length 0: empty), then the part's UTF-16 units, two per word. */
  private readonly words = new Int32Array(SLOTS * STRIDE);

  /** The count stored for text[start, start + length), whose hash is `hash`, or -1. */
  find(text: string, start: number, length: number, hash: number): number {
    const words = this.words;
    const at = slotOf(hash) * STRIDE;
    const lengthAndCount = words[at + 1]!;
    if (words[at] !== hash || (lengthAndCount & 0xffff) !== length) return -1;
    let w = at + 2;
    let i = start;
    const end = start + length;
    for (; i + 1 < end; i += 2, w++) if (words[w] !== (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16))) return -1;
    if (i < end && words[w] !== text.charCodeAt(i)) return -1;
    return lengthAndCount >>> 16;
  }

  /** Keeps the count of text[start, start + length) (1 ≤ length ≤ MAX_PART_UNITS), in place of whatever hashed to the same slot. */
  set(text: string, start: number, length: number, hash: number, count: number): void {
    if (count > 0xffff) return;
    const words = this.words;
    const at = slotOf(hash) * STRIDE;
    words[at] = hash;
    words[at + 1] = length | (count << 16);
    let w = at + 2;
    let i = start;
    const end = start + length;
    for (; i + 1 < end; i += 2, w++) words[w] = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    if (i < end) words[w] = text.charCodeAt(i);
  }
}

/**
 * The longest part kept: most English words and Japanese parts are shorter. With it a slot is 32
 * bytes, two to a cache line, and the whole cache 1 MiB: on this 2-core machine a cache of 4.7 MiB
 * (30 units, 2^16 slots) counted text it had all seen at 12–18 MB/s, this one at 40–49 (Gemma 3,
 * English), as most look-ups missed the processor's caches.
 */
export const MAX_PART_UNITS = 12;
const STRIDE = 2 + MAX_PART_UNITS / 2;
const SLOTS = 1 << 15;

function slotOf(hash: number): number {
  return (hash ^ (hash >>> 16)) & (SLOTS - 1);
}

/** The hash the scanner starts each part with, and its step per UTF-16 unit (FNV-1a). */
export const PART_HASH_SEED = 0x811c9dc5 | 0;
export const partHashStep = (hash: number, unit: number): number => Math.imul(hash ^ unit, 0x01000193);
