export * from "./cited-urls.js";
export * from "./fingerprint.js";
export * from "./fetch-source.js";
export * from "./check-file.js";
export * from "./compare-checks.js";
export * from "./check-sources.js";
export * from "./catalog-at-revision.js";
