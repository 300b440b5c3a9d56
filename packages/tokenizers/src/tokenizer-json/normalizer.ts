import { type Pattern, patternOf, record, type Unsupported, unsupported } from "./unsupported.js";

/**
 * A tokenizer.json normalizer, tagged by "type" as Hugging Face's normalizers/mod.rs deserializes
 * it: the variants the count-only families read, each with its fields; any other is Unsupported.
 * Whether a family implements a variant is the family's question, not this one's.
 */
export type Normalizer =
  | { type: "Sequence"; normalizers: (Normalizer | Unsupported)[] }
  | { type: "NFC" | "NFD" | "NFKC" | "NFKD" | "Lowercase" }
  | { type: "Prepend"; prepend: string }
  | { type: "Replace"; pattern: Pattern; content: string }
  | { type: "Strip"; stripLeft: boolean; stripRight: boolean }
  | { type: "Precompiled"; precompiledCharsmap: string };

/** The normalizer of a tokenizer.json ("normalizer"), or null when it has none. */
export function parseNormalizer(value: unknown): Normalizer | Unsupported | null {
  if (value === null || value === undefined) return null;
  const json = record(value);
  if (!json) return unsupported(undefined, "the normalizer is not an object");
  const type = json.type;
  switch (type) {
    case "Sequence": {
      const parts = json.normalizers ?? [];
      if (!Array.isArray(parts)) return unsupported(type, "the Sequence's normalizers are not a list");
      return {
        type,
        normalizers: parts.map((part) => parseNormalizer(part) ?? unsupported(undefined, "a Sequence step is null")),
      };
    }
    case "NFC":
    case "NFD":
    case "NFKC":
    case "NFKD":
    case "Lowercase":
      return { type };
    case "Prepend":
      return typeof json.prepend === "string"
        ? { type, prepend: json.prepend }
        : unsupported(type, "Prepend has no string to prepend");
    case "Replace": {
      const pattern = patternOf(json.pattern);
      if (!pattern || typeof json.content !== "string")
        return unsupported(type, "Replace has no pattern or no content string");
      return { type, pattern, content: json.content };
    }
    case "Strip":
      return { type, stripLeft: json.strip_left === true, stripRight: json.strip_right === true };
    case "Precompiled":
      if (typeof json.precompiled_charsmap !== "string") return unsupported(type, "Precompiled has no charsmap string");
      return { type, precompiledCharsmap: json.precompiled_charsmap };
    default:
      return unsupported(type, `no normalizer of type ${String(type)} is described`);
  }
}
