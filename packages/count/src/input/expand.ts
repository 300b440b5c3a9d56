import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { glob } from "tinyglobby";
import { InputError, isUrl } from "./open.js";
import { systemErrorText } from "../system-error-text.js";

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Expands the inputs a user named into single inputs, in a stable order: a directory into
 * every file below it (sorted), a quoted glob into its matches; `-` and URLs stay as they are.
 * A path that does not exist fails here, before any tokenizer is loaded.
 */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (input === "-" || isUrl(input)) {
      out.push(input);
      continue;
    }
    let isDirectory = false;
    let exists = false;
    let failure: NodeJS.ErrnoException | undefined;
    try {
      const stat = statSync(input);
      exists = true;
      isDirectory = stat.isDirectory();
    } catch (error) {
      failure = error as NodeJS.ErrnoException;
    }
    if (!exists && !GLOB_CHARS.test(input)) {
      // A relative path is looked for in the working directory: say which, since `pnpm census` runs elsewhere.
      const where = isAbsolute(input) ? "" : ` (looked for ${resolve(input)})`;
      throw new InputError(`${input}: ${failure ? systemErrorText(failure) : "cannot read it"}${where}`);
    }
    if (isDirectory) {
      const files = filesBelow(input);
      if (files.length === 0) throw new InputError(`${input}: directory has no files`);
      out.push(...files);
    } else if (!exists && GLOB_CHARS.test(input)) {
      const matches = (await glob(input, { onlyFiles: true, dot: false })).sort();
      if (matches.length === 0) throw new InputError(`${input}: no file matches this pattern`);
      out.push(...matches);
    } else {
      out.push(input);
    }
  }
  return out;
}

function filesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...filesBelow(path));
    else if (stat.isFile()) out.push(path);
  }
  return out;
}
