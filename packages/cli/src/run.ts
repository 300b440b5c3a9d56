import { redactCredentials, setHttpWaitReporter } from "@corpus-census/common";
import { closest } from "./args.js";
import { statusLine } from "./progress.js";
import { describeError } from "./error-text.js";
import { processOutput, terminalSafe, type Output } from "./output.js";
import { UsageError } from "./usage-error.js";
import type { CommandDefinition } from "./command-definition.js";
import { TOOL_VERSION } from "./version.js";

type Command = (argv: string[], out: Output) => number | Promise<number>;

/** The names in module M whose values are of type T. */
type NamesOf<M, T> = { [K in keyof M]: M[K] extends T ? K : never }[keyof M];

/** A defined command's loader: imports its module when it runs and takes its definition, by name (type-checked). */
function defined<M>(
  load: () => Promise<M>,
  name: NamesOf<M, CommandDefinition>,
): () => Promise<{ run: Command; help: string }> {
  return async () => {
    const definition = (await load())[name] as CommandDefinition;
    return { run: definition.execute, help: definition.help };
  };
}

/**
 * Each command's module is imported only when it runs: the catalog, SQLite, Parquet and
 * publishing code would otherwise cost every start, census count's included.
 */
const COMMANDS: Record<string, { load: () => Promise<{ run: Command; help: string }>; summary: string }> = {
  list: {
    load: defined(() => import("./commands/list.js"), "listDefinition"),
    summary: "list entries, filtered by language, licence, access, kind, flags, usability",
  },
  show: {
    load: defined(() => import("./commands/show.js"), "showDefinition"),
    summary: "show one entry with its sources",
  },
  search: {
    load: defined(() => import("./commands/search.js"), "searchDefinition"),
    summary: "full-text search in Japanese or English",
  },
  validate: {
    load: defined(() => import("./commands/validate.js"), "validateDefinition"),
    summary: "check the catalog files",
  },
  db: {
    load: defined(() => import("./commands/db.js"), "dbDefinition"),
    summary: "write the catalog as a SQLite database",
  },
  count: {
    load: defined(() => import("./commands/count.js"), "countDefinition"),
    summary: "exact token counts of corpus files by real tokenizers",
  },
  tokenizers: {
    load: defined(() => import("./commands/tokenizers.js"), "tokenizersDefinition"),
    summary: "list the named tokenizers",
  },
  estimate: {
    load: defined(() => import("./commands/estimate.js"), "estimateDefinition"),
    summary: "estimate documents and tokens of a corpus from a random sample",
  },
  report: {
    load: defined(() => import("./commands/report.js"), "reportDefinition"),
    summary: "the report's heuristic against measured estimates and GPT-3 scale",
  },
  publish: {
    load: defined(() => import("./commands/publish.js"), "publishDefinition"),
    summary: "write the web page, CSV, JSON, Croissant and Markdown for the secretariat",
  },
  calibrate: {
    load: defined(() => import("./commands/calibrate.js"), "calibrateDefinition"),
    summary: "measure tokens per morpheme, word, character and byte on samples",
  },
  merge: {
    load: defined(() => import("./commands/merge.js"), "mergeDefinition"),
    summary: "add the shard results of one count (census count --shard K/N --out DIR)",
  },
  "check-sources": {
    load: defined(() => import("./commands/check-sources.js"), "checkSourcesDefinition"),
    summary: "fetch every cited URL; report sources dead, moved or changed since the last check",
  },
  diff: {
    load: defined(() => import("./commands/diff.js"), "diffDefinition"),
    summary: "what changed between two versions of the catalog (folders or git revisions)",
  },
  cache: {
    load: defined(() => import("./commands/cache.js"), "cacheDefinition"),
    summary: "show the cache and its built tokenizer models (bounded); census cache clear [--all]",
  },
};

function usage(): string {
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
  // Whatever a command prints is safe for a terminal, and a URL's credentials (http://user:pass@host) are not printed.
  const safe = terminalSafe(raw);
  const out: Output = {
    stdout: (text) => safe.stdout(redactCredentials(text)),
    stderr: (text) => safe.stderr(redactCredentials(text)),
  };
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
  // On a terminal, a wait for a server's answer is shown as it goes (a hung server is given up on in CENSUS_HTTP_ANSWER_MS).
  const waiting = statusLine();
  if (waiting) setHttpWaitReporter((text) => (text === undefined ? waiting.done() : waiting.set(text)));
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
      out.stderr(
        `census ${verb}: catalog ${invalid.dir} is invalid (${invalid.problems.length} problem(s)); run census validate for the list`,
      );
      return 1;
    }
    // Expected failures carry their own message; the stack only helps whoever debugs the tool.
    const detail = process.env.CENSUS_DEBUG ? ((error as Error).stack ?? String(error)) : describeError(error);
    out.stderr(`census ${verb}: ${detail}`);
    return 1;
  } finally {
    if (waiting) setHttpWaitReporter(undefined);
  }
}

function unknownCommand(name: string, out: Output): number {
  const guess = closest(name, Object.keys(COMMANDS));
  out.stderr(`census: unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ""}\n\n${usage()}`);
  return 2;
}
