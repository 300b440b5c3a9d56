/**
 * A SentencePiece precompiled charsmap: the normalization rules (nmt_nfkc, nfkc, their _cf
 * variants, or a user's TSV) compiled into a darts-clone double-array trie over UTF-8 bytes,
 * followed by the NUL-terminated replacement strings. Both SentencePiece (normalizer.cc) and
 * Hugging Face's Precompiled normalizer (spm_precompiled) read this blob; they differ only in
 * which match they take, so both lookups are here.
 *
 * Layout: <trie size in bytes, uint32 LE><trie: uint32 LE units><replacements: UTF-8, each NUL-terminated>.
 * A unit holds a label (bits 0-7, bit 31), a leaf flag (bit 8) and a child offset (bits 10-31,
 * scaled by 2^8 when bit 9 is set); a leaf unit's value is the offset of its replacement.
 */
export class PrecompiledCharsmap {
  /** The replacement of the last match found, valid until the next lookup. */
  replacement = "";
  private readonly replacements = new Map<number, string>();

  private constructor(
    private readonly units: Uint32Array,
    private readonly strings: Uint8Array,
  ) {}

  /**
   * The charsmap in `blob`, checked whole (every rule's key and replacement well-formed UTF-8),
   * as a model is built; `fromChecked` reads a blob that was (~300 ms for nmt_nfkc's 237 kB).
   */
  static parse(blob: Uint8Array, what: string): PrecompiledCharsmap {
    const charsmap = PrecompiledCharsmap.fromChecked(blob, what);
    charsmap.checkRules((why) => {
      throw new Error(`${what}: precompiled charsmap: ${why}`);
    });
    return charsmap;
  }

  /** The charsmap in a blob `parse` has checked; only its layout is checked again. */
  static fromChecked(blob: Uint8Array, what: string): PrecompiledCharsmap {
    const fail = (why: string): never => {
      throw new Error(`${what}: precompiled charsmap: ${why}`);
    };
    if (blob.length < 4) fail(`${blob.length} bytes, shorter than its 4-byte header`);
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    const trieBytes = view.getUint32(0, true);
    if (trieBytes === 0 || trieBytes % 4 !== 0 || 4 + trieBytes > blob.length)
      fail(`a trie of ${trieBytes} bytes in a blob of ${blob.length}`);
    const units = new Uint32Array(trieBytes / 4);
    for (let i = 0; i < units.length; i++) units[i] = view.getUint32(4 + i * 4, true);
    return new PrecompiledCharsmap(units, blob.slice(4 + trieBytes));
  }

  /**
   * SentencePiece's rule: the end (UTF-16 index) of the longest rule whose key prefixes
   * text[start, limit), its replacement in `replacement`; -1 if none does.
   */
  longest(text: string, start: number, limit: number): number {
    return this.match(text, start, limit, false);
  }

  /** Hugging Face's rule: the end of the shortest rule whose key prefixes text[start, limit), or -1. */
  shortest(text: string, start: number, limit: number): number {
    return this.match(text, start, limit, true);
  }

  /**
   * Which UTF-16 units begin no rule's key: a table by unit (1: none does), so a normalizer can
   * pass over those characters without a trie walk. Surrogates are never marked (their
   * character is only known with the next unit).
   */
  unitsStartingNoRule(): Uint8Array {
    const plain = new Uint8Array(0x10000);
    const units = this.units;
    const root = offsetOf(units[0]!);
    const bytes = new Uint8Array(3);
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      const length = utf8Encoder.encodeInto(String.fromCharCode(c), bytes).written;
      let node = root;
      for (let k = 0; k < length && node >= 0; k++) node = step(units, node, bytes[k]!);
      if (node < 0) plain[c] = 1;
    }
    return plain;
  }

  /**
   * For ASCII characters c and d (index c * 128 + d), 1 when no rule's key prefixes "cd...":
   * c alone is no key, and no key goes on from c with d. Keys such as "a" + a combining mark
   * make most letters begin a rule, but before another ASCII character none applies.
   */
  asciiPairsStartingNoRule(): Uint8Array {
    const pairs = new Uint8Array(128 * 128);
    const units = this.units;
    const root = offsetOf(units[0]!);
    for (let c = 0; c < 128; c++) {
      const node = step(units, root, c);
      if (node < 0) {
        pairs.fill(1, c * 128, c * 128 + 128);
        continue;
      }
      if (hasLeaf(units[lastUnit]!)) continue;
      for (let d = 0; d < 128; d++) if (step(units, node, d) < 0) pairs[c * 128 + d] = 1;
    }
    return pairs;
  }

  /**
   * The BMP units that begin keys but are no key alone (in NFKC's charsmaps, "す" or "e" before a
   * combining mark), and for each such c the units d some key goes on with after it, as
   * c * 0x10000 + d. Before any other unit, c is no rule's start: a normalizer can pass over it
   * without a trie walk. A d of four UTF-8 bytes (a surrogate pair) is not listed: callers must
   * not pass over c before a surrogate.
   */
  prefixOnlyUnits(): { units: Uint8Array; pairs: Set<number> } {
    const prefixOnly = new Uint8Array(0x10000);
    const pairs = new Set<number>();
    const units = this.units;
    const root = offsetOf(units[0]!);
    const bytes = new Uint8Array(3);
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      const length = utf8Encoder.encodeInto(String.fromCharCode(c), bytes).written;
      let node = root;
      for (let k = 0; k < length && node >= 0; k++) node = step(units, node, bytes[k]!);
      if (node < 0 || hasLeaf(units[lastUnit]!)) continue;
      prefixOnly[c] = 1;
      forEachNextUnit(units, node, (d) => pairs.add(c * 0x10000 + d));
    }
    return { units: prefixOnly, pairs };
  }

  private match(text: string, start: number, limit: number, first: boolean): number {
    const units = this.units;
    let node = offsetOf(units[0]!);
    let end = -1;
    let value = 0;
    for (let i = start; i < limit; ) {
      let cp = text.charCodeAt(i);
      let width = 1;
      if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < limit) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          width = 2;
        }
      }
      // The character's UTF-8 bytes, one trie step each; keys end on character boundaries (checkRules).
      if (cp < 0x80) node = step(units, node, cp);
      else if (cp < 0x800) {
        node = step(units, node, 0xc0 | (cp >> 6));
        if (node >= 0) node = step(units, node, 0x80 | (cp & 0x3f));
      } else if (cp < 0x10000) {
        node = step(units, node, 0xe0 | (cp >> 12));
        if (node >= 0) node = step(units, node, 0x80 | ((cp >> 6) & 0x3f));
        if (node >= 0) node = step(units, node, 0x80 | (cp & 0x3f));
      } else {
        node = step(units, node, 0xf0 | (cp >> 18));
        if (node >= 0) node = step(units, node, 0x80 | ((cp >> 12) & 0x3f));
        if (node >= 0) node = step(units, node, 0x80 | ((cp >> 6) & 0x3f));
        if (node >= 0) node = step(units, node, 0x80 | (cp & 0x3f));
      }
      if (node < 0) break;
      i += width;
      if (hasLeaf(units[lastUnit]!)) {
        end = i;
        value = units[node]! & 0x7fffffff;
        if (first) break;
      }
    }
    if (end >= 0) this.replacement = this.replacementAt(value);
    return end;
  }

  private replacementAt(offset: number): string {
    let s = this.replacements.get(offset);
    if (s === undefined) {
      let stop = offset;
      while (stop < this.strings.length && this.strings[stop] !== 0) stop++;
      s = utf8.decode(this.strings.subarray(offset, stop));
      this.replacements.set(offset, s);
    }
    return s;
  }

  /**
   * Walks every key of the trie: each must be well-formed UTF-8 (so no match ends inside a
   * character) and name a NUL-terminated, well-formed replacement inside the blob.
   */
  private checkRules(fail: (why: string) => never): void {
    const units = this.units;
    const key: number[] = [];
    const visit = (node: number): void => {
      for (let label = 1; label < 256; label++) {
        const child = step(units, node, label);
        if (child < 0) continue;
        key.push(label);
        if (hasLeaf(units[lastUnit]!)) {
          const value = units[child]! & 0x7fffffff;
          const keyText = decodeOrUndefined(Uint8Array.from(key));
          if (keyText === undefined)
            fail(`a rule whose key is not well-formed UTF-8 (bytes ${key.map((b) => b.toString(16)).join(" ")})`);
          const nul = this.strings.indexOf(0, value);
          if (value >= this.strings.length || nul < 0)
            fail(`the rule for ${JSON.stringify(keyText)} points past the replacements`);
          if (decodeOrUndefined(this.strings.subarray(value, nul)) === undefined)
            fail(`the rule for ${JSON.stringify(keyText)} has a replacement that is not UTF-8`);
        }
        if (key.length > 64) fail("a key longer than 64 bytes (a trie that loops)");
        visit(child);
        key.pop();
      }
    };
    visit(offsetOf(units[0]!));
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

function decodeOrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function offsetOf(unit: number): number {
  return ((unit >>> 10) << ((unit & 0x200) >>> 6)) >>> 0;
}

function hasLeaf(unit: number): boolean {
  return ((unit >>> 8) & 1) === 1;
}

/** Each BMP unit (one to three UTF-8 bytes) whose whole character steps on from `node`. */
function forEachNextUnit(units: Uint32Array, node: number, each: (unit: number) => void): void {
  for (let b0 = 1; b0 < 0xf0; b0++) {
    const n0 = step(units, node, b0);
    if (n0 < 0) continue;
    if (b0 < 0x80) each(b0);
    else if (b0 >= 0xc2 && b0 < 0xe0) {
      for (let b1 = 0x80; b1 < 0xc0; b1++) if (step(units, n0, b1) >= 0) each(((b0 & 0x1f) << 6) | (b1 & 0x3f));
    } else if (b0 >= 0xe0) {
      for (let b1 = 0x80; b1 < 0xc0; b1++) {
        const n1 = step(units, n0, b1);
        if (n1 < 0) continue;
        for (let b2 = 0x80; b2 < 0xc0; b2++)
          if (step(units, n1, b2) >= 0) each(((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f));
      }
    }
  }
}

/** The unit read by the last step (its leaf flag tells whether the key so far is a rule). */
let lastUnit = 0;

/** The trie node after `label` from `node` (a darts-clone transition), or -1. */
function step(units: Uint32Array, node: number, label: number): number {
  const pos = (node ^ label) >>> 0;
  if (pos >= units.length) return -1;
  const unit = units[pos]!;
  if ((unit & 0x800000ff) >>> 0 !== label) return -1;
  lastUnit = pos;
  return (pos ^ offsetOf(unit)) >>> 0;
}
