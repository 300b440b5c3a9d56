import { parseArgs } from "../args.js";
import { openCatalog } from "../catalog-location.js";
import { UsageError } from "../usage-error.js";
import { entryTable } from "./list.js";
import type { Output } from "../output.js";

export const SEARCH_HELP = `census search <words...> [--json] [--catalog DIR]

Full-text search over names, publishers, descriptions, licences and notes, in Japanese or
English. Every word must match (e.g. census search 会話 コーパス; census search spoken academic).`;

export function searchCommand(argv: string[], out: Output): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: "boolean", default: false }, catalog: { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  const words = positionals.flatMap((p) => p.split(/[\s\u3000]+/)).filter(Boolean);
  if (words.length === 0) throw new UsageError("census search needs at least one word");
  const { store } = openCatalog(values.catalog);
  try {
    const entries = store.search(words);
    if (values.json) out.stdout(JSON.stringify(entries, null, 2));
    else out.stdout(entries.length > 0 ? `${entryTable(entries)}\n\n${entries.length} entries match` : `no entries match ${words.join(" ")}`);
  } finally {
    store.close();
  }
  return 0;
}
