import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error.js";

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest of `candidates` to `word` when it is close enough to be a typo of it. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = candidate.startsWith(word) && word.length >= 3 ? 1 : editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** The value of option --`name` as a whole number ≥ `min`; undefined when the option is not given. */
export function wholeNumber(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name}: expected a whole number ≥ ${min}, got "${raw}"`);
  return n;
}

/** The value of option --`name` as a whole number ≥ 1; undefined when the option is not given. */
export function positiveInteger(name: string, raw: string | undefined): number | undefined {
  return wholeNumber(name, raw, 1);
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `--sample -0.1`: node's parser takes a value that starts with "-" for an option and refuses
 * it as ambiguous. A negative number is a value, written here as `--sample=-0.1`, so that the
 * command can say what is wrong with it.
 */
function joinNegativeNumbers(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === "string" && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** node's parseArgs errors in the CLI's words, with the closest option for a typo. */
function usageErrorOf(error: Error & { code?: string }, options: Options): Error {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? "";
  const names = Object.keys(options).map((n) => `--${n}`);
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const option = quoted.split("=")[0]!;
      const guess = closest(option, names);
      return new UsageError(
        guess
          ? `unknown option ${option}; did you mean ${guess}?`
          : `unknown option ${option}; the options are ${names.join(", ")} (a value that starts with "-" goes after "--")`,
      );
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const option = quoted.split(" ")[0]!;
      if (/argument missing/.test(error.message)) return new UsageError(`${option} needs a value`);
      if (/does not take an argument/.test(error.message)) return new UsageError(`${option} takes no value`);
      if (/ambiguous/.test(error.message))
        return new UsageError(`${option} needs a value; to give one that starts with "-", write ${option}=VALUE`);
      return new UsageError(`${option}: invalid value`);
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return new UsageError(`unexpected argument "${quoted}": this command takes options only`);
    default:
      return error;
  }
}

/** node's parseArgs, with its errors as usage errors that name the option and the likely intended one. */
export function parseArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof nodeParseArgs<T>> {
  const options = config.options ?? {};
  const args = joinNegativeNumbers(config.args ?? [], options);
  try {
    return nodeParseArgs({ ...config, args }) as ReturnType<typeof nodeParseArgs<T>>;
  } catch (error) {
    throw usageErrorOf(error as Error & { code?: string }, options);
  }
}
