// For the other corpus-census packages (count's worker pool and shards), not a public API.
export { counterFromModel, describeModel, hasPieceCache, loadModel, shareModel, type CounterModel } from "./spec.js";
export { PieceCache, type PieceCacheMemory } from "./cache/piece-cache.js";
export { definitionFiles, readCachedModel, writeCachedModel } from "./cache/model-cache.js";
export { GENERAL_CATEGORIES } from "./text/unicode-classes.generated.js";
export { isSegmentable } from "./text/segmentable.js";
export { isWhiteSpace } from "./text/white-space.js";
