import { CatalogInvalidError, formatProblem } from "@corpus-census/catalog";
import { calibrateCommand, CALIBRATE_HELP } from "./commands/calibrate.js";
import { checkSourcesCommand, CHECK_SOURCES_HELP } from "./commands/check-sources.js";
import { countCommand, COUNT_HELP } from "./commands/count.js";
import { dbCommand, DB_HELP } from "./commands/db.js";
import { diffCommand, DIFF_HELP } from "./commands/diff.js";
import { mergeCommand, MERGE_HELP } from "./commands/merge.js";
import { estimateCommand, ESTIMATE_HELP } from "./commands/estimate.js";
import { tokenizersCommand, TOKENIZERS_HELP } from "./commands/tokenizers.js";
import { listCommand, LIST_HELP } from "./commands/list.js";
import { publishCommand, PUBLISH_HELP } from "./commands/publish.js";
import { reportCommand, REPORT_HELP } from "./commands/report.js";
import { searchCommand, SEARCH_HELP } from "./commands/search.js";
import { showCommand, SHOW_HELP } from "./commands/show.js";
import { validateCommand, VALIDATE_HELP } from "./commands/validate.js";
import { processOutput, type Output } from "./output.js";
import { UsageError } from "./usage-error.js";

type Command = (argv: string[], out: Output) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string; summary: string }> = {
  list: { run: listCommand, help: LIST_HELP, summary: "list entries, filtered by language, licence, access, kind, flags, usability" },
  show: { run: showCommand, help: SHOW_HELP, summary: "show one entry with its sources" },
  search: { run: searchCommand, help: SEARCH_HELP, summary: "full-text search in Japanese or English" },
  validate: { run: validateCommand, help: VALIDATE_HELP, summary: "check the catalog files" },
  db: { run: dbCommand, help: DB_HELP, summary: "write the catalog as a SQLite database" },
  count: { run: countCommand, help: COUNT_HELP, summary: "exact token counts of corpus files by real tokenizers" },
  merge: { run: mergeCommand, help: MERGE_HELP, summary: "add the shard results of one count (census count --shard K/N --out DIR)" },
  tokenizers: { run: tokenizersCommand, help: TOKENIZERS_HELP, summary: "list the named tokenizers" },
  estimate: { run: estimateCommand, help: ESTIMATE_HELP, summary: "estimate documents and tokens of a corpus from a random sample" },
  report: { run: reportCommand, help: REPORT_HELP, summary: "the report's heuristic against measured estimates and GPT-3 scale" },
  publish: { run: publishCommand, help: PUBLISH_HELP, summary: "write the web page, CSV, JSON, Croissant and Markdown for the secretariat" },
  calibrate: { run: calibrateCommand, help: CALIBRATE_HELP, summary: "measure tokens per morpheme, word, character and byte on samples" },
  "check-sources": { run: checkSourcesCommand, help: CHECK_SOURCES_HELP, summary: "fetch every cited URL; report sources dead, moved or changed since the last check" },
  diff: { run: diffCommand, help: DIFF_HELP, summary: "what changed between two versions of the catalog (folders or git revisions)" },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    "census <command> [options]   (every command takes --catalog DIR; --help after a command for its options)",
    "",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 failure, 2 usage error. */
export async function run(argv: string[], out: Output = processOutput): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === "--help" || verb === "-h" || verb === "help") {
    out.stdout(usage());
    return verb ? 0 : 2;
  }
  const command = COMMANDS[verb];
  if (!command) {
    out.stderr(`census: unknown command "${verb}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    out.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(rest, out);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      out.stderr(`census ${verb}: ${(error as Error).message}\n\n${command.help}`);
      return 2;
    }
    if (error instanceof CatalogInvalidError) {
      for (const p of error.problems) out.stderr(formatProblem(p));
      out.stderr(`census ${verb}: catalog ${error.dir} is invalid (${error.problems.length} problem(s)); run census validate for the list`);
      return 1;
    }
    // Expected failures carry their own message; the stack only helps whoever debugs the tool.
    const detail = process.env.CENSUS_DEBUG ? ((error as Error).stack ?? String(error)) : ((error as Error).message ?? String(error));
    out.stderr(`census ${verb}: ${detail}`);
    return 1;
  }
}
