/**
 * Extended grapheme clusters (UAX #29) as the native Hugging Face tokenizers find them: its
 * Precompiled normalizer looks rules up per cluster (unicode-segmentation 1.13.3, compiled into
 * tokenizers 0.23.2, has Unicode 17.0.0 tables and rules, GB9c included). Node's Intl.Segmenter
 * follows its ICU's Unicode version, so clusters are taken from it only when that is 17.0
 * (`graphemesAsReference`); on another Node the counters that need clusters use the library.
 *
 * Intl.Segmenter is slow (and quadratic in V8 11 over long strings), and nearly every character
 * of ordinary text is a cluster by itself, so it only sees short windows: `plainWidth` names the
 * characters whose Grapheme_Cluster_Break is Other, Control, LF (never CR), LV or LVT (Hangul
 * syllables), and UAX #29 always breaks between two of them (GB4, GB5, GB999: every rule that
 * joins needs a character of another class on one side (L, V, T, Extend, ZWJ, SpacingMark,
 * Prepend, RI, CR), and each look-back of GB9c, GB11, GB12/13 stops at a plain character).
 * packages/tokenizers/test/grapheme-clusters.test.ts checks the plain set against this Node's segmenter.
 */

/** The Unicode version of the reference's grapheme clusters. */
const REFERENCE_GRAPHEME_UNICODE = "17.0";

export function graphemesAsReference(): boolean {
  return process.versions.unicode === REFERENCE_GRAPHEME_UNICODE && typeof Intl.Segmenter === "function";
}

/**
 * BMP ranges of plain characters: the scripts and symbols of most text, leaving out CR, Hangul
 * jamo and the marks that join a cluster (U+0300-036F, U+0483-0489, U+093A-094F, U+0E31,
 * U+0E33-0E3A, U+302A-302F, U+3099-309A, U+FF9E-FF9F...).
 */
const PLAIN_BMP_RANGES: readonly [number, number][] = [
  // ASCII but CR, Latin, Greek, Cyrillic
  [0x0000, 0x000c],
  [0x000e, 0x02ff],
  [0x0370, 0x0482],
  [0x048a, 0x052f],
  // Hebrew, Arabic, Devanagari and Thai letters and digits
  [0x05d0, 0x05ea],
  [0x0620, 0x064a],
  [0x0660, 0x0669],
  [0x0904, 0x0939],
  [0x093d, 0x093d],
  [0x0950, 0x0950],
  [0x0958, 0x0961],
  [0x0964, 0x0970],
  [0x0972, 0x097f],
  [0x0e01, 0x0e30],
  [0x0e32, 0x0e32],
  [0x0e3f, 0x0e46],
  [0x0e4f, 0x0e5b],
  // Punctuation, letterlike symbols, arrows, enclosed alphanumerics
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2070, 0x20cf],
  [0x2100, 0x23ff],
  [0x2460, 0x24ff],
  // CJK symbols, kana, compatibility jamo, CJK ideographs, Hangul syllables, full- and halfwidth forms
  [0x2e80, 0x3029],
  [0x3030, 0x3098],
  [0x309b, 0x30ff],
  [0x3100, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xff01, 0xff9d],
];

const plainBmp = new Uint8Array(0x10000);
for (const [from, to] of PLAIN_BMP_RANGES) plainBmp.fill(1, from, to + 1);

/** Planes 2 and 3 (CJK ideographs, unassigned code points) are plain too: Other throughout. */
const PLAIN_ASTRAL_FROM = 0x20000;
const PLAIN_ASTRAL_TO = 0x3ffff;

/** Whether the BMP code unit `c` is a plain character (a surrogate is not). */
export function isPlainBmp(c: number): boolean {
  return plainBmp[c] === 1;
}

/** The UTF-16 width (1 or 2) of the character at `i` if it is plain, else 0. */
export function plainWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c >= 0xe000) return plainBmp[c]!;
  if (c >= 0xdc00 || i + 1 >= text.length) return 0;
  const low = text.charCodeAt(i + 1);
  if (low < 0xdc00 || low >= 0xe000) return 0;
  const cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
  return cp >= PLAIN_ASTRAL_FROM && cp <= PLAIN_ASTRAL_TO ? 2 : 0;
}

/** Whether a cluster boundary is certain at `i` after a plain character: at the end, before a plain character or before CR (GB5). */
export function breakAfterPlain(text: string, i: number): boolean {
  return i >= text.length || plainWidth(text, i) > 0 || text.charCodeAt(i) === 0x0d;
}

/** Every plain code point, for the test that checks them against the segmenter. */
export function plainCodePoints(): number[] {
  const out: number[] = [];
  for (const [from, to] of PLAIN_BMP_RANGES) for (let cp = from; cp <= to; cp++) out.push(cp);
  for (let cp = PLAIN_ASTRAL_FROM; cp <= PLAIN_ASTRAL_TO; cp++) out.push(cp);
  return out;
}

/** Made on first use: a Node built without Intl.Segmenter still loads this module (and never gets here). */
let segmenter: Intl.Segmenter | undefined;

/** The longest window handed to the segmenter at once (it doubles while one cluster is longer). */
const WINDOW = 64;

/**
 * Calls `visit(start, end)` for each cluster of text[start, ...) that is not a plain character
 * between plain ones, from `start` (a cluster boundary) until the next two plain characters in a
 * row or `WINDOW` units, and returns where it stopped: a cluster boundary.
 */
export function visitClusters(text: string, start: number, visit: (start: number, end: number) => void): number {
  const n = text.length;
  // CR is a cluster alone or with an LF after it, whatever the neighbours (GB3, GB4, GB5): common at line ends, not worth a segmenter call.
  if (text.charCodeAt(start) === 0x0d) {
    const end = start + (text.charCodeAt(start + 1) === 0x0a ? 2 : 1);
    visit(start, end);
    return end;
  }
  for (let limit = WINDOW; ; limit *= 2) {
    // The window ends between two plain characters (a certain boundary), at the text's end, or at the limit.
    let end = start;
    let prevPlain = false;
    let certain = false;
    while (end < n) {
      const w = plainWidth(text, end);
      if (w > 0 && prevPlain) {
        certain = true;
        break;
      }
      if (end - start >= limit) break;
      prevPlain = w > 0;
      end += w > 0 ? w : widthAt(text, end);
    }
    if (end === n) certain = true;
    segmenter ??= new Intl.Segmenter("und", { granularity: "grapheme" });
    const segments = [...segmenter.segment(text.slice(start, end))];
    // Past the limit the last cluster may go on: stop before it, unless it is the only one.
    const last = certain ? segments.length : segments.length - 1;
    if (last === 0) continue;
    for (let k = 0; k < last; k++) {
      const s = segments[k]!;
      visit(start + s.index, start + s.index + s.segment.length);
    }
    return certain ? end : start + segments[last]!.index;
  }
}

function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low < 0xe000) return 2;
  }
  return 1;
}
