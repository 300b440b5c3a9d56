import { parseArgs } from "../args.js";
import { publish } from "@corpus-census/publish";
import { openCatalog } from "../catalog-location.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

export const PUBLISH_HELP = `census publish --out DIR [--catalog DIR]

Writes what the secretariat publishes: index.html (one self-contained bilingual page with
filters, sorting, search and a chart against GPT-3 scale), corpora.csv (UTF-8 with BOM),
corpora.json, README.md and croissant/<id>.json for every downloadable source.`;

export function publishCommand(argv: string[], out: Output): number {
  const { values } = parseArgs({ args: argv, options: { out: { type: "string" }, catalog: { type: "string" } }, strict: true, allowPositionals: false });
  if (!values.out) throw new UsageError("census publish needs --out DIR");
  const { catalog, store } = openCatalog(values.catalog);
  store.close();
  const result = publish(catalog, values.out);
  out.stdout(`wrote ${values.out}: ${result.files.length} files (${result.entries} sources; Croissant metadata for ${result.croissant} downloadable ones)`);
  return 0;
}
