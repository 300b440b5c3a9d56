import { seededRandom } from "../../../../test/helpers/random-text.js";

/**
 * Characters and short strings at every boundary the scanners' classes draw: ASCII classes,
 * contractions in every case with ſ and K, CJK and kana at the edges of DeepSeek-V3's ranges,
 * marks, Lt and Lm letters, astral letters and numbers, letters newer than Unicode 16.0, lone
 * surrogates, and white space JS and Unicode disagree on.
 */
const ALPHABET = [
  ..."aZsStTrReEvVmMlLdDkKxQ",
  ..."0179",
  ...'!/-.,$+_`~[\\"#@^|{}',
  ..."'''",
  ..."     \t\n\n\r\v\f",
  "\r\n",
  "\u017f", // ſ, folds to s
  "\u212a", // Kelvin sign, folds to k
  ..."'s'S'ſ't'T're'RE'rE've'Ve'm'M'll'LL'lL'd'D'K'k",
  ..."日本語\u4e00\u9fa5\u9fa6\u4dff",
  ..."かカー\u3040\u309f\u30a0\u30ff\u3100ｶﾀ",
  "\u0301",
  "\u3099",
  "\u20dd", // Me
  "\u0903", // Mc
  "ǅ",
  "ᾈ", // Lt
  "ʰ",
  "ゝ", // Lm
  ..."اあÀΣßσ",
  "𝐀",
  "𝐚",
  "𠀀",
  "\u{10d4a}", // a letter since Unicode 16.0
  "\u{323b0}", // a letter since 17.0 only
  "𝟎",
  "\u{10d40}",
  "𐄇", // astral numbers
  ..."²Ⅻ½٣१",
  "\ud800",
  "\udc00",
  "\udbff", // lone surrogates
  ..."\u0085\u00a0\u3000\ufeff\u200b\u2028\u2029\u1680\u202f\u205f\u0000\u007f€。、",
  "😀",
  "👍🏽",
];

/** `n` strings of up to `maxLength` items of ALPHABET, the same on every run. */
export function randomStrings(seed: number, n: number, maxLength: number): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const length = 1 + Math.floor(random() * maxLength);
    let text = "";
    for (let j = 0; j < length; j++) {
      const item = ALPHABET[Math.floor(random() * ALPHABET.length)]!;
      // Sometimes a run of one item: runs are where greedy classes give characters back.
      text += random() < 0.1 ? item.repeat(2 + Math.floor(random() * 6)) : item;
    }
    out.push(text);
  }
  return out;
}
