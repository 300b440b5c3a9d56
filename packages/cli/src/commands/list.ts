import { parseArgs } from "../args.js";
import { ACCESS, COMMERCIAL_USE, FLAG_CODES, KINDS, REPORT_LISTS, USABILITY_RULES, USABLE_PURPOSES, entryList, warnedFlags, type Entry, type UsablePurpose } from "@corpus-census/catalog";
import { openCatalog } from "../catalog-location.js";
import { renderTable } from "../table.js";
import { parseEnumValues, UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

export const LIST_HELP = `census list [filters] [--json] [--catalog DIR]

Lists the catalog's entries: the report's list in its order, then the current list (today's
corpora, not in the report) by id.
  --list report|current       one list only (default: both, the report's first)
  --lang ja|en|other|current  one part of the lists (comma-separated for several)
  --commercial VALUES         commercial-use status: ${COMMERCIAL_USE.join(", ")}
  --access VALUES             how the data is obtained: ${ACCESS.join(", ")}
  --kind VALUES               what the data is: ${KINDS.join(", ")}
  --flag CODES                entries carrying any of these flags: ${FLAG_CODES.join(", ")}
  --usable commercial|research  entries a developer may use for that purpose (see README);
                              entries flagged licence-unclear are kept and say so
  --json                      print a JSON array of the full entries`;

function howToGet(entry: Entry): string {
  if (entry.acquisition.huggingFace) return `hf:${entry.acquisition.huggingFace}`;
  return entry.acquisition.url ?? entry.homepage ?? "—";
}

export function entryTable(entries: Entry[]): string {
  return renderTable(entries, [
    { header: "list", value: (e) => (e.report ? `${e.report.list} ${e.report.number}` : "current (not in the report)") },
    { header: "id", value: (e) => e.id },
    { header: "name", value: (e) => (entryList(e) === "en" ? e.name.en : e.name.ja), maxWidth: 34 },
    { header: "kind", value: (e) => e.kind },
    { header: "commercial use", value: (e) => e.commercialUse },
    { header: "access", value: (e) => e.access },
    // Every flag is shown, wrapped onto further lines if need be: a cut list hid licence-unclear.
    { header: "flags", value: () => "—", items: (e) => [...new Set(e.flags.map((f) => f.code))], maxWidth: 40 },
    { header: "how to get it", value: howToGet, maxWidth: 60 },
  ]);
}

const CHOSEN_LISTS = ["report", "current"] as const;

/** What --usable means, and which of its answers carry a flag the rule keeps but warns about. */
function usableFooter(entries: Entry[], purpose: UsablePurpose): string {
  const rule = USABILITY_RULES[purpose];
  const lines = [`Usable for ${purpose} use: ${rule.description}.`];
  for (const code of rule.warnedFlags) {
    const flagged = entries.filter((e) => warnedFlags(e, purpose).includes(code)).map((e) => e.id);
    if (flagged.length > 0) lines.push(`⚠ ${flagged.length} of these are flagged ${code} (${flagged.join(", ")}): check their licence before use.`);
  }
  return lines.join("\n");
}

export function listCommand(argv: string[], out: Output): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      list: { type: "string" },
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
  const which = values.list;
  if (which !== undefined && !(CHOSEN_LISTS as readonly string[]).includes(which)) {
    throw new UsageError(`--list: unknown value "${which}"; expected one of: ${CHOSEN_LISTS.join(", ")}`);
  }
  const lang = parseEnumValues("lang", values.lang, [...REPORT_LISTS, "current"] as const);
  const chosen: string[] | undefined = which === "report" ? [...REPORT_LISTS] : which === "current" ? ["current"] : undefined;
  if (chosen && lang && !lang.some((l) => chosen.includes(l))) throw new UsageError(`--lang ${lang.join(",")} is not on the --list ${which}`);
  const filter = {
    lists: chosen && lang ? lang.filter((l) => chosen.includes(l)) : (lang ?? chosen),
    commercialUse: parseEnumValues("commercial", values.commercial, COMMERCIAL_USE),
    access: parseEnumValues("access", values.access, ACCESS),
    kinds: parseEnumValues("kind", values.kind, KINDS),
    flags: parseEnumValues("flag", values.flag, FLAG_CODES),
    usable: usable as (typeof USABLE_PURPOSES)[number] | undefined,
  };
  const { store } = openCatalog(values.catalog, out);
  try {
    const entries = store.list(filter);
    if (values.json) {
      out.stdout(JSON.stringify(entries, null, 2));
    } else {
      out.stdout(entries.length > 0 ? entryTable(entries) : "no entries match");
      out.stdout(`\n${entries.length} of ${store.list().length} entries. Not legal advice: read each licence before use.`);
      if (filter.usable) out.stdout(usableFooter(entries, filter.usable));
    }
  } finally {
    store.close();
  }
  return 0;
}
