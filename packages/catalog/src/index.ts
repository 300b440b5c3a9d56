// The public API of @corpus-census/catalog, by name: the entry schema, loading a catalog folder, its SQLite store.
// The schema of an entry and its vocabularies
export {
  ACCESS,
  COMMERCIAL_USE,
  entryList,
  entrySchema,
  FLAG_CODES,
  isOwnRelease,
  KINDS,
  LISTS,
  NOT_USABLE_TEXT_FLAGS,
  REPORT_LISTS,
  REPORT_SOURCE,
  SCHEMA_VERSION,
  sizeSchema,
  type Entry,
  type FlagCode,
  type Kind,
  type ListId,
  type Reference,
  type Size,
  type SizeUnit,
} from "./schema.js";
export {
  CALIBRATION_UNITS,
  calibrationSchema,
  COVERAGES,
  measurementSchema,
  TEXT_KINDS,
  type Calibration,
  type CalibrationUnit,
  type Coverage,
  type EstimateRun,
  type Measurement,
  type Ratio,
  type RunCoverage,
  type TextKind,
} from "./measurements.js";
export type { PublisherCheck } from "./publisher-checks.js";
export { licenceClassOf, type LicenceClasses } from "./licence-classes.js";
export { entryUrlFields, revisionPath } from "./entry-urls.js";
export { entryJsonSchema, referencesJsonSchema, renderJsonSchema } from "./json-schema.js";
// Loading and validating a catalog folder
export {
  CatalogInvalidError,
  formatFieldPath,
  formatProblem,
  loadCatalog,
  readCatalog,
  type Catalog,
} from "./load.js";
export { readJsonFile } from "./read-json.js";
// The SQLite store and search
export { buildStore, CatalogStore, defaultStorePath, writeStore } from "./store.js";
export { normalizeForSearch, searchableText } from "./search-text.js";
// Usability for a purpose
export { isUsable, USABILITY_RULES, USABLE_PURPOSES, warnedFlags, type UsablePurpose } from "./usability.js";
// Changes between versions and the change log
export { diffCatalogs, type CatalogChange, type ChangeType } from "./catalog-diff.js";
export {
  appendVersion,
  changeLogSchema,
  renderChangeLog,
  type ChangeLog,
  type ChangeLogVersion,
} from "./change-log.js";
// Display: labels, sizes, safe text
export {
  ACCESS_LABELS,
  COMMERCIAL_LABELS,
  FLAG_LABELS,
  KIND_LABELS,
  listLabel,
  SIZE_UNIT_LABELS_JA,
  type Bilingual,
} from "./labels.js";
export { formatInteger, formatSize } from "./format.js";
export { escapeControls, markdownText } from "./safe-text.js";
