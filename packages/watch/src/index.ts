// The public API of @corpus-census/watch, by name: checking the catalog's cited URLs and reading what changed.
// Checking the cited URLs and writing the day's check file
export { checkSources } from "./check-sources.js";
export { writeCheckFile, type CheckFile } from "./check-file.js";
export { REFERENCES_CITER } from "./cited-urls.js";
// Reading the findings
export { findingsByEntry, namesBranch, type UrlFinding, type UrlState } from "./compare-checks.js";
// The catalog at a git revision
export { openCatalogVersion, type CatalogVersion } from "./catalog-at-revision.js";
