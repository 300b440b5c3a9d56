import type { Coverage } from "@corpus-census/catalog";

/**
 * The catalog's coverages, named here so that a command's help does not load the catalog (its
 * schema, SQLite) at every start: checked against the catalog's type, both ways, at compile time.
 */
const COVERAGE_NAMES = ["whole", "shard", "sample-file"] as const satisfies readonly Coverage[];
const allNamed: [Exclude<Coverage, (typeof COVERAGE_NAMES)[number]>] extends [never] ? true : never = true;
void allNamed;

export const SAVE_OPTIONS_HELP = `  --save [--entry ID] [--covers ${COVERAGE_NAMES.join("|")}]
                    record the run in <catalog>/measurements/, in a file of its own (a second
                    run of the same name that day is saved as ...-2.json); --covers says what the inputs are
                    of the entry (default whole). A run of the whole must agree with the catalog's
                    documents, bytes and characters (within 3×) and then stands for the entry in
                    census report; a shard or sample file is recorded but never replaces the
                    estimate of the whole corpus`;
