export * from "./schema.js";
export * from "./load.js";
export * from "./store.js";
export * from "./usability.js";
export * from "./json-schema.js";
export * from "./format.js";
export * from "./measurements.js";
export * from "./licence-classes.js";
