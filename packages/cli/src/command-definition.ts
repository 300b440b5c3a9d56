import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "./args.js";
import type { Output } from "./output.js";
import { parseEnumValues, UsageError } from "./usage-error.js";

/**
 * One option of a command, stated once: from it come node's parseArgs config (type, multiple,
 * short, default), the option's line in the help (label, description) and the check of its
 * values (enum).
 */
interface OptionDefinition {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  default?: string | boolean | string[] | boolean[];
  /** The option as the help writes it ("--list report|current"); an option without a label has no line of its own. */
  label?: string;
  /** What the help says of it; "{default}" in it is the default. A second line of it is indented under the first. */
  description?: string;
  /** The option's lines in the help, written out, when they are not a label and a description (several options on one line, say). */
  help?: string;
  /** The values it takes: any other is a usage error. A multiple option's values may be comma-separated. */
  enum?: readonly string[];
}

type Options = Record<string, OptionDefinition>;

/** What node's parseArgs needs of an option: the definition's other fields are for the help and the checks. */
type ParseOption<O extends OptionDefinition> = Pick<O, Extract<keyof O, "type" | "multiple" | "short" | "default">>;
type ParseOptions<O extends Options> = { [K in keyof O]: ParseOption<O[K]> };
type Parsed<O extends Options, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; options: ParseOptions<O>; strict: true; allowPositionals: P }>
>;

interface CommandSpec<O extends Options, P extends boolean> {
  /** The help's first line (or lines): how the command is called. */
  usage: string;
  /** The help's text after the usage and a blank line; the options' lines follow it (after a blank line if it ends in "\n"). */
  description: string;
  options: O;
  /** Whether the command takes arguments besides its options. */
  positionals: P;
  /** The column at which the options' descriptions start in the help (they are indented by 2). */
  column?: number;
  run: (parsed: Parsed<O, P>, out: Output) => number | Promise<number>;
}

/** A command as the runner sees it: its help, and a function of the raw arguments. */
export interface CommandDefinition {
  help: string;
  execute: (argv: string[], out: Output) => number | Promise<number>;
}

/** The help of a command: its usage, its description and a line per labelled option. */
function renderHelp(spec: CommandSpec<Options, boolean>): string {
  const column = spec.column ?? 30;
  const lines = Object.values(spec.options).flatMap((o) => {
    if (o.help !== undefined) return [o.help];
    if (o.label === undefined) return [];
    const [first = "", ...rest] = (o.description ?? "").replaceAll("{default}", String(o.default)).split("\n");
    return [`  ${o.label.padEnd(column - 4)}  ${first}`, ...rest.map((line) => `${" ".repeat(column)}${line}`)];
  });
  return [spec.usage, "", spec.description, ...lines].join("\n");
}

/** Checks the values of the options that have an enum; a multiple option's comma-separated values are split. */
function checkEnums(options: Options, values: Record<string, unknown>): void {
  for (const [name, o] of Object.entries(options)) {
    const value = values[name];
    if (o.enum === undefined || value === undefined) continue;
    if (Array.isArray(value)) values[name] = parseEnumValues(name, value as string[], o.enum);
    else if (!o.enum.includes(value as string)) {
      throw new UsageError(`--${name}: unknown value "${String(value)}"; expected one of: ${o.enum.join(", ")}`);
    }
  }
}

/** Defines a command once: its parsing, its help text and the check of its options' values come from this. */
export function defineCommand<const O extends Options, const P extends boolean>(
  spec: CommandSpec<O, P>,
): CommandDefinition {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = {
      type: o.type,
      ...(o.multiple !== undefined && { multiple: o.multiple }),
      ...(o.short !== undefined && { short: o.short }),
      ...(o.default !== undefined && { default: o.default }),
    };
  }
  return {
    help: renderHelp(spec as unknown as CommandSpec<Options, boolean>),
    execute: (argv, out) => {
      const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: spec.positionals });
      checkEnums(spec.options, parsed.values as Record<string, unknown>);
      return spec.run(parsed as unknown as Parsed<O, P>, out);
    },
  };
}
