import { breakAfterPlain, isPlainBmp, plainWidth, visitClusters } from "../text/grapheme-clusters.js";
import { PrecompiledCharsmap } from "./precompiled-charsmap.js";
import { utf8Length } from "../text/utf8-length.js";

/**
 * Hugging Face's Precompiled normalizer (spm_precompiled 0.1.4 as tokenizers 0.23.2 applies it):
 * the text goes by extended grapheme clusters; a cluster under 6 UTF-8 bytes is replaced whole
 * by the rule of the SHORTEST key prefixing it, when there is one, even if that key covers only
 * its first character (the rest of the cluster is dropped; "Ａ\u0301" becomes "A"); otherwise
 * each character is replaced by its own rule or kept. An empty replacement deletes.
 *
 * Most characters are plain (grapheme-clusters.ts): a plain character followed by a plain one is
 * a cluster alone, looked up alone, with the answer cached per BMP code unit; only the rest goes
 * to the segmenter, in short windows.
 */
export class PrecompiledNormalizer {
  /** Per BMP code unit: 0 not looked up, or QUIET, NO_RULE, RULE (its replacement in `bmpReplacements`). */
  private readonly bmpState = new Uint8Array(0x10000);
  private readonly bmpReplacements: string[] = [];
  private out = "";
  /** text[from, i) is still to be copied unchanged to `out`. */
  private from = 0;
  private text = "";

  constructor(private readonly charsmap: PrecompiledCharsmap) {}

  normalize(text: string): string {
    this.text = text;
    this.out = "";
    this.from = 0;
    const n = text.length;
    let i = 0;
    while (i < n) {
      // The hot loop: a plain BMP character without a rule, followed by a plain character, is a cluster alone and stays.
      while (i + 1 < n && this.quiet(text.charCodeAt(i)) && breakAfterPlain(text, i + 1)) i++;
      const w = plainWidth(text, i);
      if (w > 0 && breakAfterPlain(text, i + w)) {
        this.char(i, w);
        i += w;
        continue;
      }
      i = visitClusters(text, i, this.cluster);
    }
    const result = this.from === 0 ? text : this.out + text.slice(this.from);
    this.text = this.out = "";
    return result;
  }

  private readonly cluster = (start: number, end: number): void => {
    const text = this.text;
    if (end - start > 1 && !(end - start === 2 && isHighSurrogate(text.charCodeAt(start)))) {
      if (utf8Length(text, start, end) < 6 && this.charsmap.shortest(text, start, end) >= 0) {
        this.replace(start, end, this.charsmap.replacement);
        return;
      }
    }
    for (let i = start; i < end; ) {
      const w = isHighSurrogate(text.charCodeAt(i)) && i + 1 < end ? 2 : 1;
      this.char(i, w);
      i += w;
    }
  };

  /** Whether the BMP code unit `c` is a plain character without a rule. */
  private quiet(c: number): boolean {
    const state = this.bmpState[c]!;
    return (state === 0 ? this.lookUp(c) : state) === QUIET;
  }

  /** The state of BMP code unit `c`, looked up once. */
  private lookUp(c: number): number {
    const unit = String.fromCharCode(c);
    let state: number;
    if (this.charsmap.shortest(unit, 0, 1) >= 0) {
      this.bmpReplacements[c] = this.charsmap.replacement;
      state = RULE;
    } else state = isPlainBmp(c) ? QUIET : NO_RULE;
    this.bmpState[c] = state;
    return state;
  }

  /** The character text[i, i + w) alone: its rule's replacement, or itself. */
  private char(i: number, w: number): void {
    const text = this.text;
    if (w === 1) {
      const c = text.charCodeAt(i);
      const state = this.bmpState[c]!;
      if ((state === 0 ? this.lookUp(c) : state) === RULE) this.replace(i, i + 1, this.bmpReplacements[c]!);
      return;
    }
    if (this.charsmap.shortest(text, i, i + w) >= 0) this.replace(i, i + w, this.charsmap.replacement);
  }

  private replace(start: number, end: number, replacement: string): void {
    this.out += this.text.slice(this.from, start) + replacement;
    this.from = end;
  }
}

/** A plain character (grapheme-clusters.ts) without a rule. */
const QUIET = 1;
/** No rule, not plain. */
const NO_RULE = 2;
const RULE = 3;

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c < 0xdc00;
}
