import { resolve } from "node:path";
import { parseArgs } from "../args.js";
import { buildStore } from "@corpus-census/catalog";
import { replaceAtomically } from "@corpus-census/common";
import { loadCatalogWarning } from "../catalog-location.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

export const DB_HELP = `census db --out FILE [--catalog DIR]

Writes the catalog as a SQLite database (tables entries, sizes, flags, source_urls,
scale_references, meta; full-text index entries_fts) for others to query.`;

export function dbCommand(argv: string[], out: Output): number {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: "string" }, catalog: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  if (!values.out) throw new UsageError("census db needs --out FILE");
  const catalog = loadCatalogWarning(values.catalog, out);
  // Built under a temporary name beside it and renamed: a kill or a full disk leaves the previous file.
  replaceAtomically(values.out, (temporary) => buildStore(catalog, temporary));
  out.stdout(`wrote ${resolve(values.out)}: ${catalog.entries.length} entries, ${catalog.references.length} scale references`);
  return 0;
}
