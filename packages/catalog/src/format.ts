import type { Size, SizeUnit } from "./schema.js";

/** How a unit reads after a number, singular and plural. */
const UNIT_LABELS: Record<SizeUnit, string> = {
  "short-unit-words": "short-unit words (NINJAL 短単位)",
  "long-unit-words": "long-unit words (NINJAL 長単位)",
  morphemes: "morphemes",
  words: "words (publisher's count)",
  "whitespace-words": "whitespace-separated words",
  tokens: "tokens",
  characters: "characters",
  sentences: "sentences",
  utterances: "utterances",
  documents: "documents",
  dialogues: "dialogues",
  articles: "articles",
  pages: "pages",
  texts: "texts",
  items: "items",
  images: "images",
  "qa-pairs": "question-answer pairs",
  "sentence-pairs": "sentence pairs",
  speakers: "speakers",
  "hours-of-speech": "hours of speech",
  "bytes-uncompressed": "bytes uncompressed",
  "bytes-compressed": "bytes compressed",
};

function unitLabel(unit: SizeUnit): string {
  return UNIT_LABELS[unit];
}

export function formatInteger(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** "1.04 × 10⁸"-free, readable magnitude: 104,300,000 -> "104.3 million". */
function formatMagnitude(value: number): string {
  const steps: [number, string][] = [
    [1e12, "trillion"],
    [1e9, "billion"],
    [1e6, "million"],
  ];
  for (const [scale, name] of steps) {
    if (Math.abs(value) >= scale) return `${Number((value / scale).toPrecision(4))} ${name}`;
  }
  return formatInteger(value);
}

/** A size as a reader sees it: the number, its unit, and what it covers. */
export function formatSize(size: Size): string {
  const unit = size.unit === "tokens" && size.tokenizer ? `tokens (${size.tokenizer})` : unitLabel(size.unit);
  const value = Number.isInteger(size.value) ? formatInteger(size.value) : String(size.value);
  const magnitude = Math.abs(size.value) >= 1e6 ? ` (${formatMagnitude(size.value)})` : "";
  return `${value}${magnitude} ${unit}${size.corpusVersion ? ` [corpus ${size.corpusVersion}]` : ""}${size.scope ? ` — ${size.scope}` : ""}`;
}
