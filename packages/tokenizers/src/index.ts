export { loadTokenizer, type Tokenizer, type TokenizerDescription } from "./load-tokenizer.js";
export { resolveTokenizer, UnknownTokenizerError } from "./resolve.js";
export { createCounter, describeCounter, type CounterDescription, type CounterKind } from "./spec.js";
export type { TokenizerSpec } from "./tokenizer-spec.js";
export type { TokenCounter } from "./token-counter.js";
export { loadRegistry, REGISTRY_FILE, type RegistryEntry } from "./registry.js";
export {
  clearModelCache,
  modelCacheCap,
  modelCacheDir,
  modelCacheEntries,
  pruneModelCache,
  type ModelCacheEntry,
} from "./cache/model-cache.js";
