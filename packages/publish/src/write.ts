import { chmodSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Catalog } from "@corpus-census/catalog";
import {
  fsyncDirectory,
  removeQuietly,
  resolvedTarget,
  temporaryPathBeside,
  writeAtomically,
  WriteError,
  writeNewFileSynced,
} from "@corpus-census/common";
import { croissantFor, hasCroissant } from "./croissant.js";
import { renderCsv } from "./csv.js";
import { entryJsonPath, renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { buildPublication, type PublishOptions } from "./model.js";
import { renderAtom, renderChangesHtml } from "./changes-feed.js";

/**
 * Writes everything the secretariat publishes into `dir`; the same catalog gives the same bytes.
 * Each entry's catalog file is copied as it is (entries/<id>.json), so the page's JSON link
 * works from disk and on any static host, and shows exactly what was reviewed. The folder is
 * replaced whole (see replaceFolder): files of entries no longer in the catalog go with it.
 */
export function publish(
  catalog: Catalog,
  dir: string,
  options: PublishOptions = {},
): { files: string[]; entries: number; croissant: number; calibration: string | null } {
  const publication = buildPublication(catalog, options);
  const files: [string, string][] = [
    ["index.html", renderHtml(publication)],
    ["corpora.csv", renderCsv(publication)],
    ["corpora.json", renderJson(publication)],
    ["README.md", renderMarkdown(publication)],
    ["changes.html", renderChangesHtml(catalog.changes, publication.catalogDate)],
    ["changes.xml", renderAtom(catalog.changes, publication.catalogDate, options.siteUrl)],
  ];
  const described = publication.entries.filter((p) => hasCroissant(p.entry));
  for (const p of described)
    files.push([
      join("croissant", `${p.entry.id}.json`),
      `${JSON.stringify(croissantFor(p.entry, publication.catalogDate), null, 2)}\n`,
    ]);
  for (const p of publication.entries) {
    // The catalog holds every file it read, as read: the copy is the text that was checked, not a second read.
    const content = p.sourceFile === null ? undefined : catalog.files.get(p.sourceFile);
    if (content === undefined)
      throw new Error(`publish: no catalog file found for entry "${p.entry.id}" under ${join(catalog.dir, "sources")}`);
    files.push([entryJsonPath(p.entry.id), content]);
  }
  replaceFolder(dir, files);
  return {
    files: files.map(([name]) => name),
    entries: publication.entries.length,
    croissant: described.length,
    calibration: publication.calibration?.id ?? null,
  };
}

/** The folders publish writes *.json files into; any other name at the top is one of its files. */
const PUBLISHED_FOLDERS = ["entries", "croissant"];

/** What in `dir` census publish did not write: the folder is replaced whole, so such files would be lost. */
function foreignFiles(dir: string, files: [string, string][]): string[] {
  const top = new Set(files.map(([name]) => name.split("/")[0]!));
  const foreign: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!top.has(d.name)) foreign.push(d.name);
    else if (PUBLISHED_FOLDERS.includes(d.name)) {
      if (!d.isDirectory()) foreign.push(d.name);
      else
        for (const f of readdirSync(join(dir, d.name), { withFileTypes: true }))
          if (!f.isFile() || !f.name.endsWith(".json")) foreign.push(`${d.name}/${f.name}`);
    } else if (!d.isFile()) foreign.push(d.name);
  }
  return foreign;
}

/** Removes what a killed publish left beside `target` (its temporary folders, named with the dead process's id). */
function removeLeftovers(target: string): void {
  const pattern = new RegExp(
    `^\\.${basename(target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.publish-(new|old)-(\\d+)-\\d+$`,
  );
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[2]);
    if (!pid || isRunning(pid)) continue;
    removeQuietly(join(dirname(target), name));
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Makes `dir` hold exactly `files`, whole or not at all: they are written (and flushed to the
 * disk) into a new folder beside it, which then takes its place: the old folder is renamed
 * aside, the new one renamed in, and the old one removed. A kill or a full disk before the
 * swap leaves the old folder as it was; a failure names `dir`. A folder holding files that
 * census publish did not write is refused rather than replaced.
 */
function replaceFolder(dir: string, files: [string, string][]): void {
  // A symbolic link to a folder is followed, as writing into it did: the folder it names is replaced.
  const target = resolvedTarget(resolve(dir));
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory())
    throw new WriteError(dir, Object.assign(new Error("not a folder"), { code: "ENOTDIR" }));
  if (existing && cannotBeMoved(target, existing.dev)) {
    replaceFilesInPlace(dir, target, files);
    return;
  }
  if (existing) {
    const foreign = foreignFiles(target, files);
    if (foreign.length > 0) {
      const shown = foreign.slice(0, 5).join(", ") + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : "");
      throw new Error(
        `${dir}: holds files census publish did not write (${shown}); publish replaces the whole folder, so give it a new or empty folder, or one it wrote before`,
      );
    }
  }
  removeLeftovers(target);
  const fresh = temporaryPathBeside(target, "publish-new");
  try {
    mkdirSync(dirname(target), { recursive: true });
    mkdirSync(fresh);
    if (existing) chmodSync(fresh, existing.mode & 0o7777);
    const folders = new Set<string>([fresh]);
    for (const [name, content] of files) {
      const path = join(fresh, name);
      if (!folders.has(dirname(path))) {
        mkdirSync(dirname(path), { recursive: true });
        folders.add(dirname(path));
      }
      writeNewFileSynced(path, content);
    }
    for (const folder of folders) fsyncDirectory(folder);
  } catch (error) {
    removeQuietly(fresh);
    throw error instanceof WriteError ? error : new WriteError(dir, error);
  }
  if (!existing || readdirSync(target).length === 0) {
    try {
      renameSync(fresh, target);
    } catch (error) {
      removeQuietly(fresh);
      throw new WriteError(dir, error);
    }
    fsyncDirectory(dirname(target));
    return;
  }
  const old = temporaryPathBeside(target, "publish-old");
  try {
    renameSync(target, old);
  } catch (error) {
    removeQuietly(fresh);
    throw new WriteError(dir, error);
  }
  try {
    renameSync(fresh, target);
  } catch (error) {
    renameSync(old, target);
    removeQuietly(fresh);
    throw new WriteError(dir, error);
  }
  fsyncDirectory(dirname(target));
  // Left behind only if it cannot be removed; the next publish removes it.
  removeQuietly(old);
}

/**
 * A folder that cannot be renamed: a mount point (a volume, a tmpfs), or the folder census runs
 * in or below, which a shell would be left standing in after the swap.
 */
function cannotBeMoved(target: string, dev: number): boolean {
  const cwd = process.cwd();
  if (cwd === target || cwd.startsWith(`${target}/`)) return true;
  return statSync(dirname(target)).dev !== dev;
}

/**
 * The fallback for a folder that cannot be swapped: each file is replaced whole on its own
 * (temporary file, fsync, rename), then the entries' and Croissant files of entries no longer
 * in the catalog are removed. A kill can leave a mix of old and new files, never a cut one;
 * files census publish did not write are left alone.
 */
function replaceFilesInPlace(dir: string, target: string, files: [string, string][]): void {
  for (const [name, content] of files) writeAtomically(join(target, name), content);
  const written = new Set(files.map(([name]) => name));
  for (const folder of PUBLISHED_FOLDERS) {
    let names: string[];
    try {
      names = readdirSync(join(target, folder));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith(".json") || written.has(`${folder}/${name}`)) continue;
      try {
        unlinkSync(join(target, folder, name));
      } catch (error) {
        throw new WriteError(join(dir, folder, name), error);
      }
    }
  }
}
