import type { ParseArgsConfig } from "node:util";
import { z } from "zod";
import { parseArgs } from "./args.js";
import type { Output } from "./output.js";
import { UsageError } from "./usage-error.js";

/**
 * One option of a command, stated once: from it come node's parseArgs config (type, multiple,
 * short, default), the option's line in the help (label, description) and the zod schema its
 * value is checked against (enum).
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
type NodeParsed<O extends Options, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; options: ParseOptions<O>; strict: true; allowPositionals: P }>
>;
/** The values an option's enum allows; never for an option without one. */
type EnumOf<O> = O extends { enum: readonly (infer E extends string)[] } ? E : never;
/** node's type of a value, with an enum option's string (or strings) narrowed to the enum's values. */
type Narrowed<T, E extends string> = [E] extends [never] ? T : T extends string ? E : T extends string[] ? E[] : T;
type Parsed<O extends Options, P extends boolean> = Omit<NodeParsed<O, P>, "values"> & {
  values: { [K in keyof NodeParsed<O, P>["values"]]: Narrowed<NodeParsed<O, P>["values"][K], EnumOf<O[K & keyof O]>> };
};

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

/** "a,b c" style values of a multiple option, one value each. */
const commaSeparated = z.array(z.string()).transform((raw) =>
  raw
    .flatMap((r) => r.split(","))
    .map((v) => v.trim())
    .filter(Boolean),
);

/**
 * The schema of an option's value: with an enum, one of its values, and a value outside it is an
 * issue whose message gives the value and the values allowed (the flag is added by checkValues).
 */
function valueSchema(o: OptionDefinition): z.ZodType {
  if (o.type === "boolean") return o.multiple ? z.array(z.boolean()) : z.boolean();
  if (o.enum === undefined) return o.multiple ? z.array(z.string()) : z.string();
  const allowed = o.enum;
  const one = z.enum(allowed as [string, ...string[]], {
    error: (issue) => `unknown value "${String(issue.input)}"; expected one of: ${allowed.join(", ")}`,
  });
  return o.multiple ? commaSeparated.pipe(z.array(one)) : one;
}

/** The schema of a command's parsed options: each option's value, or undefined when it is not given. */
function optionsSchema(options: Options) {
  return z.object(Object.fromEntries(Object.entries(options).map(([name, o]) => [name, valueSchema(o).optional()])));
}

/**
 * The parsed values checked against the command's schema, a multiple enum option's
 * comma-separated values split; the first value that fails is a usage error naming its flag.
 */
function checkValues(schema: ReturnType<typeof optionsSchema>, values: Record<string, unknown>) {
  const checked = schema.safeParse(values);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0]!;
  throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
}

/** Defines a command once: its parsing, its help text and the (zod) check of its options' values come from this. */
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
  const schema = optionsSchema(spec.options);
  return {
    help: renderHelp(spec as unknown as CommandSpec<Options, boolean>),
    execute: (argv, out) => {
      const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: spec.positionals });
      const values = checkValues(schema, parsed.values as Record<string, unknown>);
      return spec.run({ ...parsed, values } as unknown as Parsed<O, P>, out);
    },
  };
}
