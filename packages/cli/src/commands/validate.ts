import { defineCommand } from "../command-definition.js";
import { LISTS, entryList, formatProblem, readCatalog } from "@corpus-census/catalog";
import { BUNDLED_CATALOG_DIR } from "../catalog-location.js";
import type { Output } from "../output.js";

export const validateDefinition = defineCommand({
  usage: "census validate [--catalog DIR] [--json]",
  description: `Checks every catalog file against the schema and the entries against each other (unique ids
and report positions, flag targets that exist, collections' parts that name them back), and
applies the licence table (licence-classes.json): an entry whose commercial-use class differs
from its licence's class must give a classReason, and entries under the same terms share a
class. Prints every problem found; exit 1 if any. A measurement file that cannot be read or is
not a measurement is a problem here; the other commands leave it out with a warning.`,
  options: { catalog: { type: "string" }, json: { type: "boolean", default: false } },
  positionals: false,
  run: ({ values }, out) => validateCommand(values, out),
});

function validateCommand(values: { catalog?: string; json: boolean }, out: Output): number {
  const dir = values.catalog ?? BUNDLED_CATALOG_DIR;
  const { catalog, problems } = readCatalog(dir);
  if (values.json) {
    out.stdout(
      JSON.stringify(
        { catalog: dir, valid: problems.length === 0, entries: catalog.entries.length, problems },
        null,
        2,
      ),
    );
    return problems.length === 0 ? 0 : 1;
  }
  if (problems.length > 0) {
    for (const p of problems) out.stderr(formatProblem(p));
    const files = new Set(problems.map((p) => p.file)).size;
    out.stderr(`catalog ${dir} is invalid: ${problems.length} problem(s) in ${files} file(s)`);
    return 1;
  }
  const perList = LISTS.map((l) => `${l} ${catalog.entries.filter((e) => entryList(e) === l).length}`);
  out.stdout(
    `catalog ${dir} is valid: ${catalog.entries.length} entries (${perList.join(", ")}), ${catalog.references.length} scale references`,
  );
  return 0;
}
