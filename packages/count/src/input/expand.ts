import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { glob } from "tinyglobby";
import { InputError, isUrl } from "./open.js";
import { systemErrorText } from "@corpus-census/common";

const GLOB_CHARS = /[*?[\]{}]/;

/** One file reached by several names: counted once, under the first. */
export interface MergedInput {
  /** The name it is counted under (the first that reached it). */
  input: string;
  /** The file itself, symlinks resolved. */
  realPath: string;
  /** Every name that reached it, in order, the first included (a name given twice appears twice). */
  names: string[];
}

interface InputExpansion {
  /** The inputs to count, each file once. */
  inputs: string[];
  merged: MergedInput[];
  /** What the walk decided that the reader should know: Hugging Face cache folders read as their snapshot, symlink cycles not followed. */
  notes: string[];
}

/**
 * Expands the inputs a user named into single inputs, in a stable order: a directory into
 * every file below it (sorted), a quoted glob into its matches; `-` and URLs stay as they are.
 * A path that does not exist fails here, before any tokenizer is loaded. A file reached by
 * several names (named twice, by a glob and by name, through a symlink) is kept once, by its
 * real path, under the first name that reached it.
 */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  return (await expandInputList(inputs)).inputs;
}

/** expandInputs, with the names it merged and what it noted on the way. */
export async function expandInputList(inputs: string[]): Promise<InputExpansion> {
  const names: string[] = [];
  const notes: string[] = [];
  for (const input of inputs) {
    if (input === "-" || isUrl(input)) {
      names.push(input);
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
      const why =
        failure?.code === "ELOOP"
          ? "a symlink cycle (too many levels of symbolic links)"
          : failure
            ? systemErrorText(failure)
            : "cannot read it";
      throw new InputError(`${input}: ${why}${where}`);
    }
    if (isDirectory) {
      const files = filesBelow(input, notes, new Set());
      if (files.length === 0) throw new InputError(`${input}: directory has no files`);
      names.push(...files);
    } else if (!exists && GLOB_CHARS.test(input)) {
      const matches = (await glob(input, { onlyFiles: true, dot: false })).sort();
      if (matches.length === 0) throw new InputError(`${input}: no file matches this pattern`);
      names.push(...matches);
    } else {
      names.push(input);
    }
  }
  return { ...mergeSameFiles(names), notes };
}

/** Keeps each file once, by its real path (URLs and `-` by their name). */
function mergeSameFiles(names: string[]): { inputs: string[]; merged: MergedInput[] } {
  const byKey = new Map<string, MergedInput>();
  const inputs: string[] = [];
  for (const name of names) {
    let key = name;
    if (name !== "-" && !isUrl(name)) {
      try {
        key = realpathSync(name);
      } catch {
        key = resolve(name); // opening it will say what is wrong
      }
    }
    const seen = byKey.get(key);
    if (seen) {
      seen.names.push(name);
      continue;
    }
    byKey.set(key, { input: name, realPath: key, names: [name] });
    inputs.push(name);
  }
  return { inputs, merged: [...byKey.values()].filter((m) => m.names.length > 1) };
}

/** Notes on merged names, as census prints them. */
export function describeMerged(merged: MergedInput[]): string[] {
  return merged.map(
    (m) => `${m.input}: also named ${m.names.slice(1).join(", ")} (the same file, ${m.realPath}): counted once`,
  );
}

/**
 * A Hugging Face cache folder (`blobs/`, `snapshots/REV/` of links into blobs, `refs/main`):
 * the snapshot to count, that of refs/main, else the only one, else the latest modified; the
 * blobs would count every file again (and old versions), and refs/ is not text. Undefined: not
 * such a folder; null: one without a snapshot.
 */
function hubCacheSnapshot(dir: string, notes: string[]): string | null | undefined {
  const isDir = (path: string) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  };
  if (!isDir(join(dir, "blobs")) || !isDir(join(dir, "snapshots"))) return undefined;
  const snapshots = readdirSync(join(dir, "snapshots"))
    .filter((name) => !name.startsWith(".") && isDir(join(dir, "snapshots", name)))
    .sort();
  const ref = join(dir, "refs", "main");
  const main = existsSync(ref) ? readFileSync(ref, "utf8").trim() : undefined;
  let chosen: string | undefined;
  let why: string;
  if (main && snapshots.includes(main)) {
    chosen = main;
    why = "refs/main";
  } else if (snapshots.length === 1) {
    chosen = snapshots[0];
    why = "its only snapshot";
  } else if (snapshots.length > 1) {
    chosen = [...snapshots].sort(
      (a, b) => statSync(join(dir, "snapshots", b)).mtimeMs - statSync(join(dir, "snapshots", a)).mtimeMs,
    )[0];
    why = `the latest modified of ${snapshots.length}, no refs/main names one`;
  } else {
    notes.push(
      `${dir}: a Hugging Face cache folder without a snapshot; nothing counted from it (its blobs are not read)`,
    );
    return null;
  }
  notes.push(
    `${dir}: a Hugging Face cache folder, counted as its snapshot ${chosen} (${why}); blobs/ and refs/ not read`,
  );
  return join(dir, "snapshots", chosen!);
}

/** Every file below `dir`, sorted; symlinked folders are followed unless they lead back to a folder being walked (a cycle, noted). */
function filesBelow(dir: string, notes: string[], walking: Set<string>): string[] {
  const real = realpathSync(dir);
  if (walking.has(real)) {
    notes.push(`${dir}: a symlink cycle (back to ${real}); not followed`);
    return [];
  }
  walking.add(real);
  try {
    const snapshot = hubCacheSnapshot(dir, notes);
    if (snapshot === null) return [];
    if (snapshot !== undefined) return filesBelow(snapshot, notes, walking);
    const out: string[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue;
      const path = join(dir, name);
      let stat;
      try {
        stat = statSync(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ELOOP") {
          notes.push(`${path}: a symlink cycle (too many levels of symbolic links); not followed`);
          continue;
        }
        throw new InputError(`${path}: ${systemErrorText(error)}`);
      }
      if (stat.isDirectory()) out.push(...filesBelow(path, notes, walking));
      else if (stat.isFile()) out.push(path);
    }
    return out;
  } finally {
    walking.delete(real);
  }
}
