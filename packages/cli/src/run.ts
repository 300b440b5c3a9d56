import { closest } from "./args.js";
import { describeError } from "./error-text.js";
import { processOutput, terminalSafe, type Output } from "./output.js";
import { UsageError } from "./usage-error.js";
import { TOOL_VERSION } from "./version.js";

type Command = (argv: string[], out: Output) => number | Promise<number>;

/**
 * Each command's module is imported only when it runs: the catalog, SQLite, Parquet and
 * publishing code would otherwise cost every start, census count's included.
 */
const COMMANDS: Record<string, { load: () => Promise<{ run: Command; help: string }>; summary: string }> = {
  list: { load: async () => ((m) => ({ run: m.listCommand, help: m.LIST_HELP }))(await import("./commands/list.js")), summary: "list entries, filtered by language, licence, access, kind, flags, usability" },
  show: { load: async () => ((m) => ({ run: m.showCommand, help: m.SHOW_HELP }))(await import("./commands/show.js")), summary: "show one entry with its sources" },
  search: { load: async () => ((m) => ({ run: m.searchCommand, help: m.SEARCH_HELP }))(await import("./commands/search.js")), summary: "full-text search in Japanese or English" },
  validate: { load: async () => ((m) => ({ run: m.validateCommand, help: m.VALIDATE_HELP }))(await import("./commands/validate.js")), summary: "check the catalog files" },
  db: { load: async () => ((m) => ({ run: m.dbCommand, help: m.DB_HELP }))(await import("./commands/db.js")), summary: "write the catalog as a SQLite database" },
  count: { load: async () => ((m) => ({ run: m.countCommand, help: m.COUNT_HELP }))(await import("./commands/count.js")), summary: "exact token counts of corpus files by real tokenizers" },
  tokenizers: { load: async () => ((m) => ({ run: m.tokenizersCommand, help: m.TOKENIZERS_HELP }))(await import("./commands/tokenizers.js")), summary: "list the named tokenizers" },
  estimate: { load: async () => ((m) => ({ run: m.estimateCommand, help: m.ESTIMATE_HELP }))(await import("./commands/estimate.js")), summary: "estimate documents and tokens of a corpus from a random sample" },
  report: { load: async () => ((m) => ({ run: m.reportCommand, help: m.REPORT_HELP }))(await import("./commands/report.js")), summary: "the report's heuristic against measured estimates and GPT-3 scale" },
  publish: { load: async () => ((m) => ({ run: m.publishCommand, help: m.PUBLISH_HELP }))(await import("./commands/publish.js")), summary: "write the web page, CSV, JSON, Croissant and Markdown for the secretariat" },
  calibrate: { load: async () => ((m) => ({ run: m.calibrateCommand, help: m.CALIBRATE_HELP }))(await import("./commands/calibrate.js")), summary: "measure tokens per morpheme, word, character and byte on samples" },
  merge: { load: async () => ((m) => ({ run: m.mergeCommand, help: m.MERGE_HELP }))(await import("./commands/merge.js")), summary: "add the shard results of one count (census count --shard K/N --out DIR)" },
  "check-sources": { load: async () => ((m) => ({ run: m.checkSourcesCommand, help: m.CHECK_SOURCES_HELP }))(await import("./commands/check-sources.js")), summary: "fetch every cited URL; report sources dead, moved or changed since the last check" },
  diff: { load: async () => ((m) => ({ run: m.diffCommand, help: m.DIFF_HELP }))(await import("./commands/diff.js")), summary: "what changed between two versions of the catalog (folders or git revisions)" },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    "census <command> [options]   (every command takes --catalog DIR; census help <command>, or --help after it, for its options)",
    "",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "census --version prints the version.",
  ].join("\n");
}

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 failure, 2 usage error. */
export async function run(argv: string[], raw: Output = processOutput): Promise<number> {
  const out = terminalSafe(raw);
  const [verb, ...rest] = argv;
  if (verb === "--version" || verb === "-V" || verb === "version") {
    out.stdout(`census ${TOOL_VERSION} (corpus-census, Node ${process.version})`);
    return 0;
  }
  if ((verb === "help" || verb === "--help" || verb === "-h") && rest[0] !== undefined) {
    const named = COMMANDS[rest[0]];
    if (!named) return unknownCommand(rest[0], out);
    out.stdout((await named.load()).help);
    return 0;
  }
  if (!verb || verb === "--help" || verb === "-h" || verb === "help") {
    out.stdout(usage());
    return verb ? 0 : 2;
  }
  const entry = COMMANDS[verb];
  if (!entry) return unknownCommand(verb, out);
  const command = await entry.load();
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
    if ((error as Error).name === "CatalogInvalidError") {
      const { formatProblem } = await import("@corpus-census/catalog");
      const invalid = error as import("@corpus-census/catalog").CatalogInvalidError;
      for (const p of invalid.problems) out.stderr(formatProblem(p));
      out.stderr(`census ${verb}: catalog ${invalid.dir} is invalid (${invalid.problems.length} problem(s)); run census validate for the list`);
      return 1;
    }
    // Expected failures carry their own message; the stack only helps whoever debugs the tool.
    const detail = process.env.CENSUS_DEBUG ? ((error as Error).stack ?? String(error)) : describeError(error);
    out.stderr(`census ${verb}: ${detail}`);
    return 1;
  }
}

function unknownCommand(name: string, out: Output): number {
  const guess = closest(name, Object.keys(COMMANDS));
  out.stderr(`census: unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ""}\n\n${usage()}`);
  return 2;
}
