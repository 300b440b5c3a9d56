import { type AddedToken, parseAddedTokens } from "./added-tokens.js";
import { type Model, parseModel } from "./model.js";
import { type Normalizer, parseNormalizer } from "./normalizer.js";
import { type PreTokenizer, parsePreTokenizer } from "./pre-tokenizer.js";
import { record, type Unsupported, unsupported } from "./unsupported.js";

/**
 * A tokenizer.json read once into typed stages: what every count-only family is built from.
 * A stage this package does not describe is `Unsupported`, with the reason; null is no stage.
 */
export interface TokenizerJsonDescription {
  addedTokens: AddedToken[];
  normalizer: Normalizer | Unsupported | null;
  preTokenizer: PreTokenizer | Unsupported | null;
  model: Model | Unsupported;
}

/** The description of a parsed tokenizer.json. */
export function describeTokenizerJson(json: unknown): TokenizerJsonDescription {
  const file = record(json);
  if (!file) {
    const notAnObject = unsupported(undefined, "the tokenizer.json is not an object");
    return { addedTokens: [], normalizer: notAnObject, preTokenizer: notAnObject, model: notAnObject };
  }
  return {
    addedTokens: parseAddedTokens(file.added_tokens),
    normalizer: parseNormalizer(file.normalizer),
    preTokenizer: parsePreTokenizer(file.pre_tokenizer),
    model: parseModel(file.model),
  };
}
