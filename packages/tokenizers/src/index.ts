export { createCounter, type TokenizerSpec } from "./spec.js";
export type { TokenCounter } from "./token-counter.js";
export { loadRegistry, REGISTRY_FILE, type RegistryEntry } from "./registry.js";
export { resolveTokenizer, UnknownTokenizerError } from "./resolve.js";
