import { parseArgs } from "../args.js";
import { ACCESS, COMMERCIAL_USE, FLAG_CODES, KINDS, LISTS, USABLE_PURPOSES, type Entry } from "@corpus-census/catalog";
import { openCatalog } from "../catalog-location.js";
import { renderTable } from "../table.js";
import { parseEnumValues, UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

export const LIST_HELP = `census list [filters] [--json] [--catalog DIR]

Lists the catalog's entries in the report's order.
  --lang ja|en|other          the report's list (comma-separated for several)
  --commercial VALUES         commercial-use status: ${COMMERCIAL_USE.join(", ")}
  --access VALUES             how the data is obtained: ${ACCESS.join(", ")}
  --kind VALUES               what the data is: ${KINDS.join(", ")}
  --flag CODES                entries carrying any of these flags: ${FLAG_CODES.join(", ")}
  --usable commercial|research  entries a developer may use for that purpose (see README)
  --json                      print a JSON array of the full entries`;

function howToGet(entry: Entry): string {
  if (entry.acquisition.huggingFace) return `hf:${entry.acquisition.huggingFace}`;
  return entry.acquisition.url ?? entry.homepage ?? "—";
}

export function entryTable(entries: Entry[]): string {
  return renderTable(entries, [
    { header: "list", value: (e) => `${e.report.list} ${e.report.number}` },
    { header: "id", value: (e) => e.id },
    { header: "name", value: (e) => (e.report.list === "en" ? e.name.en : e.name.ja), maxWidth: 34 },
    { header: "kind", value: (e) => e.kind },
    { header: "commercial use", value: (e) => e.commercialUse },
    { header: "access", value: (e) => e.access },
    { header: "flags", value: (e) => [...new Set(e.flags.map((f) => f.code))].join(",") || "—", maxWidth: 40 },
    { header: "how to get it", value: howToGet, maxWidth: 60 },
  ]);
}

export function listCommand(argv: string[], out: Output): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      lang: { type: "string", multiple: true },
      commercial: { type: "string", multiple: true },
      access: { type: "string", multiple: true },
      kind: { type: "string", multiple: true },
      flag: { type: "string", multiple: true },
      usable: { type: "string" },
      json: { type: "boolean", default: false },
      catalog: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const usable = values.usable;
  if (usable !== undefined && !(USABLE_PURPOSES as string[]).includes(usable)) {
    throw new UsageError(`--usable: unknown value "${usable}"; expected one of: ${USABLE_PURPOSES.join(", ")}`);
  }
  const filter = {
    lists: parseEnumValues("lang", values.lang, LISTS),
    commercialUse: parseEnumValues("commercial", values.commercial, COMMERCIAL_USE),
    access: parseEnumValues("access", values.access, ACCESS),
    kinds: parseEnumValues("kind", values.kind, KINDS),
    flags: parseEnumValues("flag", values.flag, FLAG_CODES),
    usable: usable as (typeof USABLE_PURPOSES)[number] | undefined,
  };
  const { store } = openCatalog(values.catalog);
  try {
    const entries = store.list(filter);
    if (values.json) {
      out.stdout(JSON.stringify(entries, null, 2));
    } else {
      out.stdout(entries.length > 0 ? entryTable(entries) : "no entries match");
      out.stdout(`\n${entries.length} of ${store.list().length} entries. Not legal advice: read each licence before use.`);
    }
  } finally {
    store.close();
  }
  return 0;
}
