import { defineCommand } from "../command-definition.js";
import { openCatalog } from "../catalog-location.js";
import { UsageError } from "../usage-error.js";
import { entryTable } from "./list.js";
import type { Output } from "../output.js";

export const searchDefinition = defineCommand({
  usage: "census search <words...> [--json] [--catalog DIR]",
  description: `Full-text search over names, publishers, descriptions, licences and notes, and the Japanese
and English words for each entry's commercial-use class, access route, kind and flags
(商用可, 検索のみ, ニュース, licence unclear, ...). Every word must match, compared without case
and after NFKC (full-width Ａ reads as A): census search 会話 コーパス; census search 商用;
census search spoken academic. The published page's search box finds the same entries.`,
  options: { json: { type: "boolean", default: false }, catalog: { type: "string" } },
  positionals: true,
  run: ({ values, positionals }, out) => searchCommand(values, positionals, out),
});

function searchCommand(values: { json: boolean; catalog?: string }, positionals: string[], out: Output): number {
  const words = positionals.flatMap((p) => p.split(/[\s\u3000]+/)).filter(Boolean);
  if (words.length === 0) throw new UsageError("census search needs at least one word");
  const { store } = openCatalog(values.catalog, out);
  try {
    const entries = store.search(words);
    if (values.json) out.stdout(JSON.stringify(entries, null, 2));
    else
      out.stdout(
        entries.length > 0
          ? `${entryTable(entries)}\n\n${entries.length} entries match`
          : `no entries match ${words.join(" ")}`,
      );
  } finally {
    store.close();
  }
  return 0;
}
