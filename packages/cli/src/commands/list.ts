import { defineCommand } from "../command-definition.js";
import {
  ACCESS,
  COMMERCIAL_USE,
  FLAG_CODES,
  KINDS,
  REPORT_LISTS,
  USABILITY_RULES,
  USABLE_PURPOSES,
  entryList,
  warnedFlags,
  type Entry,
  type UsablePurpose,
} from "@corpus-census/catalog";
import { openCatalog } from "../catalog-location.js";
import { renderTable } from "../table.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

function howToGet(entry: Entry): string {
  if (entry.acquisition.huggingFace) return `hf:${entry.acquisition.huggingFace}`;
  return entry.acquisition.url ?? entry.homepage ?? "—";
}

export function entryTable(entries: Entry[]): string {
  return renderTable(entries, [
    {
      header: "list",
      value: (e) => (e.report ? `${e.report.list} ${e.report.number}` : "current (not in the report)"),
    },
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

/** What --usable means, and which of its answers carry a flag the rule keeps but warns about. */
function usableFooter(entries: Entry[], purpose: UsablePurpose): string {
  const rule = USABILITY_RULES[purpose];
  const lines = [`Usable for ${purpose} use: ${rule.description}.`];
  for (const code of rule.warnedFlags) {
    const flagged = entries.filter((e) => warnedFlags(e, purpose).includes(code)).map((e) => e.id);
    if (flagged.length > 0)
      lines.push(
        `⚠ ${flagged.length} of these are flagged ${code} (${flagged.join(", ")}): check their licence before use.`,
      );
  }
  return lines.join("\n");
}

const CHOSEN_LISTS = ["report", "current"] as const;

export const listDefinition = defineCommand({
  usage: "census list [filters] [--json] [--catalog DIR]",
  description: `Lists the catalog's entries: the report's list in its order, then the current list (today's
corpora, not in the report) by id.`,
  options: {
    list: {
      type: "string",
      enum: CHOSEN_LISTS,
      label: "--list report|current",
      description: "one list only (default: both, the report's first)",
    },
    lang: {
      type: "string",
      multiple: true,
      enum: [...REPORT_LISTS, "current"],
      label: "--lang ja|en|other|current",
      description: "one part of the lists (comma-separated for several)",
    },
    commercial: {
      type: "string",
      multiple: true,
      enum: COMMERCIAL_USE,
      label: "--commercial VALUES",
      description: `commercial-use status: ${COMMERCIAL_USE.join(", ")}`,
    },
    access: {
      type: "string",
      multiple: true,
      enum: ACCESS,
      label: "--access VALUES",
      description: `how the data is obtained: ${ACCESS.join(", ")}`,
    },
    kind: {
      type: "string",
      multiple: true,
      enum: KINDS,
      label: "--kind VALUES",
      description: `what the data is: ${KINDS.join(", ")}`,
    },
    flag: {
      type: "string",
      multiple: true,
      enum: FLAG_CODES,
      label: "--flag CODES",
      description: `entries carrying any of these flags: ${FLAG_CODES.join(", ")}`,
    },
    usable: {
      type: "string",
      enum: USABLE_PURPOSES,
      label: "--usable commercial|research",
      description:
        "entries a developer may use for that purpose (see README);\nentries flagged licence-unclear are kept and say so",
    },
    json: { type: "boolean", default: false, label: "--json", description: "print a JSON array of the full entries" },
    catalog: { type: "string" },
  },
  positionals: false,
  run: ({ values }, out) => listCommand(values, out),
});

// The enum options' values were checked against their enums as the arguments were parsed.
type ListValues = {
  list?: (typeof CHOSEN_LISTS)[number];
  lang?: ("current" | (typeof REPORT_LISTS)[number])[];
  commercial?: (typeof COMMERCIAL_USE)[number][];
  access?: (typeof ACCESS)[number][];
  kind?: (typeof KINDS)[number][];
  flag?: (typeof FLAG_CODES)[number][];
  usable?: (typeof USABLE_PURPOSES)[number];
  json: boolean;
  catalog?: string;
};

function listCommand(values: ListValues, out: Output): number {
  const usable = values.usable;
  const which = values.list;
  const lang = values.lang;
  const chosen: string[] | undefined =
    which === "report" ? [...REPORT_LISTS] : which === "current" ? ["current"] : undefined;
  if (chosen && lang && !lang.some((l) => chosen.includes(l)))
    throw new UsageError(`--lang ${lang.join(",")} is not on the --list ${which}`);
  const filter = {
    lists: chosen && lang ? lang.filter((l) => chosen.includes(l)) : (lang ?? chosen),
    commercialUse: values.commercial,
    access: values.access,
    kinds: values.kind,
    flags: values.flag,
    usable,
  };
  const { store } = openCatalog(values.catalog, out);
  try {
    const entries = store.list(filter);
    if (values.json) {
      out.stdout(JSON.stringify(entries, null, 2));
    } else {
      out.stdout(entries.length > 0 ? entryTable(entries) : "no entries match");
      out.stdout(
        `\n${entries.length} of ${store.list().length} entries. Not legal advice: read each licence before use.`,
      );
      if (filter.usable) out.stdout(usableFooter(entries, filter.usable));
    }
  } finally {
    store.close();
  }
  return 0;
}
