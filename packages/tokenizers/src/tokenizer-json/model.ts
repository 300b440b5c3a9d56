import { optional, record, type Unsupported, unsupported } from "./unsupported.js";

/** A BPE merge as tokenizer.json writes it: "a b" (older files) or ["a", "b"]. */
export type Merge = string | [string, string];

/**
 * A tokenizer.json model, tagged by "type" as Hugging Face's models/mod.rs deserializes it.
 * The vocabularies are kept as the file gives them (the families build their tables from them);
 * optional fields stay absent when the file leaves them out or writes null.
 */
export type Model =
  | {
      type: "BPE";
      vocab: Record<string, number>;
      merges: Merge[];
      byteFallback?: boolean;
      ignoreMerges?: boolean;
      dropout?: number;
      continuingSubwordPrefix?: string;
      endOfWordSuffix?: string;
    }
  | { type: "Unigram"; vocab: [string, number][]; unkId?: number; byteFallback?: boolean }
  | { type: "WordPiece" | "WordLevel" };

/** The model of a tokenizer.json ("model"). */
export function parseModel(value: unknown): Model | Unsupported {
  const json = record(value);
  if (!json) return unsupported(undefined, "the model is not an object");
  const type = json.type;
  switch (type) {
    case "BPE": {
      const vocab = record(json.vocab);
      if (!vocab || !Array.isArray(json.merges))
        return unsupported(type, "the BPE has no vocabulary object or no list of merges");
      return {
        type,
        vocab: vocab as Record<string, number>,
        merges: json.merges as Merge[],
        byteFallback: optional(json.byte_fallback, "boolean"),
        ignoreMerges: optional(json.ignore_merges, "boolean"),
        dropout: optional(json.dropout, "number"),
        continuingSubwordPrefix: optional(json.continuing_subword_prefix, "string"),
        endOfWordSuffix: optional(json.end_of_word_suffix, "string"),
      };
    }
    case "Unigram": {
      const vocab = json.vocab;
      if (!Array.isArray(vocab) || vocab.length === 0) return unsupported(type, "the Unigram vocabulary is empty");
      if (
        !vocab.every((entry) => Array.isArray(entry) && typeof entry[0] === "string" && typeof entry[1] === "number")
      ) {
        return unsupported(type, "a vocabulary entry is not [piece, score]");
      }
      return {
        type,
        vocab: vocab as [string, number][],
        unkId: optional(json.unk_id, "number"),
        byteFallback: optional(json.byte_fallback, "boolean"),
      };
    }
    case "WordPiece":
    case "WordLevel":
      return { type };
    default:
      return unsupported(type, `no model of type ${String(type)} is described`);
  }
}
