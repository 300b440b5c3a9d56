import { seededRandom } from "@corpus-census/estimate";

/** Replayable by seed: the same generator the estimator uses. */
export { seededRandom };

/** Pieces that stress tokenizers: scripts, whitespace kinds, case folding, emoji, special-token look-alikes. */
const PIECES = [
  "the",
  " The",
  "HELLO",
  "world",
  "don't",
  "I'M",
  "it'S",
  "'ſ",
  "K",
  "'ll",
  "'VE",
  "Straße",
  "日本語",
  "漢字かな交じり文",
  "カタカナ",
  "ｶﾀｶﾅ",
  "ひらがな",
  "。",
  "、",
  "「引用」",
  "（括弧）",
  "ー",
  "한국어",
  "中文",
  "Ελληνικά",
  "русский",
  "עברית",
  "العربية",
  "हिन्दी",
  "ไทย",
  "😀",
  "👍🏽",
  "👨‍👩‍👧‍👦",
  "🇯🇵",
  "e\u0301",
  "か\u3099",
  "a\u0308\u0301",
  "\u200d",
  "\u200b",
  " ",
  "  ",
  "   ",
  "\t",
  "\n",
  "\n\n",
  "\r\n",
  "\r",
  " \n",
  "\u00a0",
  "\u3000",
  "\u0085",
  "\u2028",
  "\ufeff",
  "\u000b",
  "\u000c",
  "0",
  "12",
  "123",
  "4567",
  "3.14",
  "1,000",
  "２０２４",
  "①",
  "Ⅻ",
  "!",
  "?!",
  "...",
  "--",
  "->",
  "/",
  "//",
  "\\",
  "@",
  "#",
  "$",
  "%",
  "&&",
  "**",
  "__",
  "~~",
  "<|endoftext|>",
  "<|endofprompt|>",
  "<s>",
  "</s>",
  "<unk>",
  "<|begin_of_text|>",
  "<start_of_turn>",
  "<|im_start|>",
  "[INST]",
  "▁",
  "▁▁",
  "<unused7>",
  "<unused6241>",
  "<0x41>",
  "<start_of_image>",
  "\t\t\t",
  "𠮷",
  "\u{1F9FF}",
  "\u{E0041}",
  "\ud800",
  "\udfff",
  "https://example.org/a?b=c",
  "user@example.com",
  '{"k": [1, 2]}',
  "<p>html</p>",
];

export function randomText(random: () => number, maxPieces = 40): string {
  const n = 1 + Math.floor(random() * maxPieces);
  let out = "";
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.04) {
      // A run of one character: long unsplittable pieces are where BPE implementations differ.
      const piece = PIECES[Math.floor(random() * PIECES.length)]!;
      out += piece.repeat(1 + Math.floor(random() * 60));
    } else if (r < 0.08) {
      // A random code point from the Basic Multilingual Plane, surrogates excluded.
      let cp = Math.floor(random() * 0xffff);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x3042;
      out += String.fromCodePoint(cp);
    } else if (r < 0.09) {
      // One beyond it: rare CJK, emoji, unassigned — where byte fallback and 4-byte UTF-8 run.
      out += String.fromCodePoint(0x10000 + Math.floor(random() * 0x30000));
    } else {
      out += PIECES[Math.floor(random() * PIECES.length)]!;
    }
  }
  return out;
}
