import { GENERAL_CATEGORIES } from "@corpus-census/tokenizers/internal";

/**
 * The safe-cut rule of segment.ts stated on text, as plainly as possible: a cut at i is safe
 * when text[i-1] is a letter, text[i] is a space or one of 、。！？!?,. and text[i+1] is a
 * letter (letters of Unicode 16.0, astral ones as whole pairs). The last such i in [from, to), or -1.
 */
const CUT_PREFIX = new Set([" ", "、", "。", "！", "？", "!", "?", ",", "."]);
const LETTER = new RegExp(`[${GENERAL_CATEGORIES["16.0.0"].L}]`, "u");

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff) return false;
  if (c >= 0xd800 && c <= 0xdbff) return LETTER.test(text.slice(i, i + 2));
  return LETTER.test(text[i]!);
}

function isLetterBefore(text: string, i: number): boolean {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return LETTER.test(text.slice(i - 2, i));
  return LETTER.test(text[i - 1]!);
}

export function findCutInText(text: string, from: number, to: number): number {
  for (let i = Math.min(to, text.length - 2); i >= from + 1; i--) {
    if (CUT_PREFIX.has(text[i]!) && isLetterBefore(text, i) && isLetterAt(text, i + 1)) return i;
  }
  return -1;
}
