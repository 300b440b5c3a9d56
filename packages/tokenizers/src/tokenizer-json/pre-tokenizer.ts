import { optional, type Pattern, patternOf, record, type Unsupported, unsupported } from "./unsupported.js";

/**
 * A tokenizer.json pre-tokenizer, tagged by "type" as Hugging Face's pre_tokenizers/mod.rs
 * deserializes it. Optional fields stay absent when the file leaves them out: the families
 * decide what an absent field means to them.
 */
export type PreTokenizer =
  | { type: "Sequence"; pretokenizers: (PreTokenizer | Unsupported)[] }
  | { type: "Split"; pattern: Pattern; behavior?: string; invert?: boolean }
  | { type: "ByteLevel"; addPrefixSpace?: boolean; useRegex?: boolean; trimOffsets?: boolean }
  | { type: "Metaspace"; replacement: string; prependScheme?: string; addPrefixSpace?: boolean; split?: boolean }
  | { type: "Digits"; individualDigits: boolean }
  | { type: "Whitespace" | "WhitespaceSplit" | "Punctuation" | "BertPreTokenizer" };

/** The pre-tokenizer of a tokenizer.json ("pre_tokenizer"), or null when it has none. */
export function parsePreTokenizer(value: unknown): PreTokenizer | Unsupported | null {
  if (value === null || value === undefined) return null;
  const json = record(value);
  if (!json) return unsupported(undefined, "the pre-tokenizer is not an object");
  const type = json.type;
  switch (type) {
    case "Sequence": {
      const parts = json.pretokenizers ?? [];
      if (!Array.isArray(parts)) return unsupported(type, "the Sequence's pre-tokenizers are not a list");
      return {
        type,
        pretokenizers: parts.map(
          (part) => parsePreTokenizer(part) ?? unsupported(undefined, "a Sequence step is null"),
        ),
      };
    }
    case "Split": {
      const pattern = patternOf(json.pattern);
      if (!pattern) return unsupported(type, "Split has no String or Regex pattern");
      return { type, pattern, behavior: optional(json.behavior, "string"), invert: optional(json.invert, "boolean") };
    }
    case "ByteLevel":
      return {
        type,
        addPrefixSpace: optional(json.add_prefix_space, "boolean"),
        useRegex: optional(json.use_regex, "boolean"),
        trimOffsets: optional(json.trim_offsets, "boolean"),
      };
    case "Metaspace":
      if (typeof json.replacement !== "string") return unsupported(type, "Metaspace has no replacement string");
      return {
        type,
        replacement: json.replacement,
        prependScheme: optional(json.prepend_scheme, "string"),
        addPrefixSpace: optional(json.add_prefix_space, "boolean"),
        split: optional(json.split, "boolean"),
      };
    case "Digits":
      return { type, individualDigits: json.individual_digits === true };
    case "Whitespace":
    case "WhitespaceSplit":
    case "Punctuation":
    case "BertPreTokenizer":
      return { type };
    default:
      return unsupported(type, `no pre-tokenizer of type ${String(type)} is described`);
  }
}
