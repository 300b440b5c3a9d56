// Regenerates catalog/schema.json and catalog/references.schema.json from the zod schema.
// Run with `pnpm schema` after changing packages/catalog/src/schema.ts (it builds first).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { entryJsonSchema, referencesJsonSchema, renderJsonSchema } from "../packages/catalog/dist/index.js";

const catalogDir = fileURLToPath(new URL("../catalog/", import.meta.url));
writeFileSync(`${catalogDir}schema.json`, renderJsonSchema(entryJsonSchema()));
writeFileSync(`${catalogDir}references.schema.json`, renderJsonSchema(referencesJsonSchema()));
console.log("wrote catalog/schema.json and catalog/references.schema.json");
