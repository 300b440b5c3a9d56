import { PrecompiledCharsmap } from "../sentencepiece/precompiled-charsmap.js";

/**
 * What a SentencePiece .model's normalizer_spec (and its user-defined pieces) ask of the text,
 * as plain data that threads and the model cache can carry.
 */
export interface SentencePieceNormalizerSpec {
  /** The precompiled charsmap (empty: the identity rule). */
  charsmap: Uint8Array;
  /** User-defined pieces: matched before the charsmap, longest first, and kept as they are. */
  userDefined: string[];
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
}

const SPACE = "▁";
const SPACE_RUNS = / +/g;

/**
 * SentencePiece's Normalizer::Normalize (normalizer.cc), with escape_whitespaces on and
 * whitespace as a prefix (the other settings are refused where the model is read): the text is
 * consumed piece by piece, each piece a user-defined piece, else the longest charsmap rule
 * (its replacement), else one character; with remove_extra_whitespaces, pieces that normalize
 * to " " are skipped at the start, spaces that follow a space are dropped and the result loses
 * its trailing "▁"s; add_dummy_prefix puts "▁" first; every remaining " " becomes "▁".
 */
export class SentencePieceNormalizer {
  private readonly charsmap: PrecompiledCharsmap | undefined;
  /** User-defined pieces by their first UTF-16 unit, longest first. */
  private readonly userDefined = new Map<number, string[]>();
  private readonly addDummyPrefix: boolean;
  private readonly removeExtraWhitespaces: boolean;
  /** No charsmap, and no user-defined piece holds a space (normalizeIdentity): only spaces are rewritten, by `spaces`. */
  readonly identity: boolean;
  readonly spaces: { removeExtraWhitespaces: boolean; addDummyPrefix: boolean };
  /** By UTF-16 unit, 1 where the character is its own piece: no user-defined piece or charsmap rule starts with it, and it is not a space. */
  private readonly plain: Uint8Array;
  /** By two ASCII units c * 128 + d, 1 where c is its own piece when d follows (no rule applies, c is no user-defined piece's start, nor a space). */
  private readonly plainPairs: Uint8Array;
  /** By UTF-16 unit, 1 where the character is its own piece unless the next unit continues a rule (`rulePairs`): no rule is the character alone, no user-defined piece starts with it, and it is not a space. */
  private readonly prefixOnly: Uint8Array;
  /** c * 0x10000 + d for each such c and each unit d some rule goes on with after it. */
  private readonly rulePairs: Set<number>;
  /** No rule or user-defined piece starts with " ": a space is its own piece (normalize). */
  private readonly spaceAlone: boolean;
  /** The piece found by the last `next`, and where it ends. */
  private piece = "";
  private pieceEnd = 0;

  constructor(spec: SentencePieceNormalizerSpec, what: string) {
    this.charsmap = spec.charsmap.length > 0 ? PrecompiledCharsmap.fromChecked(spec.charsmap, what) : undefined;
    for (const symbol of spec.userDefined) {
      if (symbol.length === 0) continue;
      const list = this.userDefined.get(symbol.charCodeAt(0)) ?? [];
      list.push(symbol);
      this.userDefined.set(symbol.charCodeAt(0), list);
    }
    for (const list of this.userDefined.values()) list.sort((a, b) => b.length - a.length);
    this.addDummyPrefix = spec.addDummyPrefix;
    this.removeExtraWhitespaces = spec.removeExtraWhitespaces;
    this.spaces = { removeExtraWhitespaces: spec.removeExtraWhitespaces, addDummyPrefix: spec.addDummyPrefix };
    this.identity = !this.charsmap && !spec.userDefined.some((symbol) => symbol.includes(" "));
    this.plain = this.charsmap ? this.charsmap.unitsStartingNoRule() : new Uint8Array(0x10000).fill(1, 0, 0xd800);
    if (!this.charsmap) this.plain.fill(1, 0xe000);
    for (const [first, symbols] of this.userDefined) {
      // The only user-defined piece starting with a character, and that character alone, keeps it as it is, as no rule would (ALBERT's punctuation).
      const kept =
        symbols.length === 1 && symbols[0]!.length === 1 && first !== 0x20 && (first < 0xd800 || first >= 0xe000);
      this.plain[first] = kept ? 1 : 0;
    }
    this.spaceAlone = this.plain[0x20] === 1;
    this.plainPairs = this.charsmap ? this.charsmap.asciiPairsStartingNoRule() : new Uint8Array(128 * 128).fill(1);
    // A character a user-defined piece starts with, or a space, is never passed over.
    for (let c = 0; c < 128; c++)
      if (c === 0x20 || this.userDefined.has(c)) this.plainPairs.fill(0, c * 128, c * 128 + 128);
    this.plain[0x20] = 0;
    const prefixOnly = this.charsmap?.prefixOnlyUnits();
    this.prefixOnly = prefixOnly?.units ?? new Uint8Array(0x10000);
    this.rulePairs = prefixOnly?.pairs ?? new Set();
    for (const first of this.userDefined.keys()) this.prefixOnly[first] = 0;
    this.prefixOnly[0x20] = 0;
  }

  normalize(text: string): string {
    if (this.identity) return this.normalizeIdentity(text);
    const out = this.normalizeLeavingSpaces(text);
    return out.includes(" ") ? out.replaceAll(" ", SPACE) : out;
  }

  /**
   * `normalize` with the "▁"s that spaces become left as " " (no other " " is left in the result,
   * so replacing every one gives `normalize`'s): for a caller that rewrites them as it copies the
   * text (which costs less than replacing them in a string). Not for an `identity` normalizer.
   */
  normalizeLeavingSpaces(text: string): string {
    const n = text.length;
    let i = 0;
    if (this.removeExtraWhitespaces) {
      while (i < n) {
        this.next(text, i);
        if (this.piece !== " ") break;
        i = this.pieceEnd;
      }
    }
    if (i >= n) return "";
    let out = this.addDummyPrefix ? " " : "";
    let previousSpace = this.removeExtraWhitespaces;
    // Characters that are their own piece and not a space are copied as one slice.
    let copyFrom = i;
    const plainUnits = this.plain;
    const spaceAlone = this.spaceAlone;
    const plainPairs = this.plainPairs;
    const prefixOnly = this.prefixOnly;
    const rulePairs = this.rulePairs;
    while (i < n) {
      // Most characters start nothing: passed over by the table alone.
      const c = text.charCodeAt(i);
      if (plainUnits[c] === 1) {
        i++;
        previousSpace = false;
        continue;
      }
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0x80;
      if ((c | d) < 0x80 && plainPairs[(c << 7) | d] === 1) {
        i++;
        previousSpace = false;
        continue;
      }
      // Kana and letters that begin rules only with a combining mark after them.
      if (prefixOnly[c] === 1 && (d < 0xd800 || d >= 0xe000) && !rulePairs.has(c * 0x10000 + d)) {
        i++;
        previousSpace = false;
        continue;
      }
      // A space after no space stays a space (a piece " " is "▁"), without a string of its own per word.
      if (c === 0x20 && spaceAlone && !previousSpace) {
        i++;
        previousSpace = this.removeExtraWhitespaces;
        continue;
      }
      const plain = this.next(text, i);
      if (plain && text.charCodeAt(i) !== 0x20) {
        i = this.pieceEnd;
        previousSpace = false;
        continue;
      }
      out += text.slice(copyFrom, i);
      let piece = this.piece;
      if (previousSpace) {
        let k = 0;
        while (piece.charCodeAt(k) === 0x20) k++;
        if (k > 0) piece = piece.slice(k);
      }
      if (piece.length > 0) {
        out += piece;
        previousSpace = this.removeExtraWhitespaces && piece.charCodeAt(piece.length - 1) === 0x20;
      }
      i = this.pieceEnd;
      copyFrom = i;
    }
    out += text.slice(copyFrom, n);
    if (this.removeExtraWhitespaces) {
      // Spaces, and "▁"s of the text, are "▁"s of the result.
      let end = out.length;
      while (end > 0 && (out.charCodeAt(end - 1) === 0x2581 || out.charCodeAt(end - 1) === 0x20)) end--;
      if (end < out.length) out = out.slice(0, end);
    }
    return out;
  }

  /**
   * `normalize` without a charsmap, where each character is its own piece: then user-defined
   * pieces (none holding a space) cannot change the result, and only spaces are rewritten.
   */
  private normalizeIdentity(text: string): string {
    let out = text;
    if (this.removeExtraWhitespaces && out.includes(" ")) {
      out = out.replace(SPACE_RUNS, " ");
      if (out.charCodeAt(0) === 0x20) out = out.slice(1);
    }
    if (out.length === 0) return "";
    if (out.includes(" ")) out = out.replaceAll(" ", SPACE);
    if (this.addDummyPrefix) out = SPACE + out;
    if (this.removeExtraWhitespaces) {
      let end = out.length;
      while (end > 0 && out.charCodeAt(end - 1) === 0x2581) end--;
      if (end < out.length) out = out.slice(0, end);
    }
    return out;
  }

  /**
   * The piece at text[i]: sets `piece` and `pieceEnd`, and says whether it is just the character
   * at i, left as it is (so a caller may copy a run of them at once).
   */
  private next(text: string, i: number): boolean {
    const c = text.charCodeAt(i);
    const symbols = this.userDefined.get(c);
    if (symbols) {
      for (const s of symbols) {
        if (text.startsWith(s, i)) {
          this.piece = s;
          this.pieceEnd = i + s.length;
          return false;
        }
      }
    }
    if (this.charsmap) {
      const end = this.charsmap.longest(text, i, text.length);
      if (end >= 0) {
        this.piece = this.charsmap.replacement;
        this.pieceEnd = end;
        return false;
      }
    }
    const width = c >= 0xd800 && c < 0xdc00 && i + 1 < text.length ? 2 : 1;
    this.piece = width === 1 ? text[i]! : text.slice(i, i + 2);
    this.pieceEnd = i + width;
    return true;
  }
}
