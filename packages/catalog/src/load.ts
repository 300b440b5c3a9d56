import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, basename } from "node:path";
import type { z } from "zod";
import {
  entrySchema,
  entryList,
  referencesSchema,
  LISTS,
  CURRENT_LIST,
  FLAGS_WITH_TARGET,
  type Entry,
  type Reference,
} from "./schema.js";
import {
  licenceClassesSchema,
  licenceClassOf,
  licenceClassProblem,
  termsIdentity,
  undeclaredTermsProblems,
  type LicenceClasses,
} from "./licence-classes.js";
import { measurementSchema, type Measurement } from "./measurements.js";
import { changeLogSchema, type ChangeLogVersion } from "./change-log.js";
import { publisherChecksSchema, type PublisherCheck } from "./publisher-checks.js";
import { entryUrlFields, githubUrlProblem } from "./entry-urls.js";

/** One problem in one catalog file, located by a field path. */
interface CatalogProblem {
  /** Path of the file, relative to the catalog folder. */
  file: string;
  /** Field path inside the file ("sizes[0].unit"), or "" for the whole file. */
  path: string;
  message: string;
}

export interface Catalog {
  dir: string;
  entries: Entry[];
  references: Reference[];
  referencesCheckedOn: string | null;
  /** The licence -> commercial-use table (licence-classes.json), or null when it could not be read. */
  licenceClasses: LicenceClasses | null;
  /** Results of calibrations and estimates that were run (catalog/measurements/). */
  measurements: Measurement[];
  /** The catalog's recorded history (changes.json, kept by census diff --record); empty when there is none. */
  changes: ChangeLogVersion[];
  /** Where makers published two units of the same text (publisher-checks.json); empty when there is none. */
  publisherChecks: PublisherCheck[];
  /** Every file read, relative path -> contents; the store's fingerprint is made from it. */
  files: Map<string, string>;
  /** Problems of measurement files left out of `measurements` (unreadable, invalid JSON, not a measurement); loadCatalog warns of them. */
  skipped: CatalogProblem[];
}

export class CatalogInvalidError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: CatalogProblem[],
  ) {
    super(`catalog ${dir} is invalid: ${problems.length} problem(s)\n${problems.map(formatProblem).join("\n")}`);
    this.name = "CatalogInvalidError";
  }
}

export function formatProblem(p: CatalogProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function zodProblems(file: string, error: z.ZodError): CatalogProblem[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    // zod says "expected string, received undefined" for an absent key; say it in the catalog's words.
    if (issue.code === "invalid_type" && /received undefined/.test(message)) {
      message = `required field is missing (expected ${issue.expected})`;
    } else if (issue.code === "invalid_value" && /received undefined/.test(message)) {
      message = `required field is missing; ${message.replace(/^Invalid input: /, "")}`;
    }
    return { file, path: formatFieldPath(issue.path), message };
  });
}

/** JSON.parse reports a character offset; a reader wants a line and column. */
function jsonProblem(file: string, textContent: string, error: unknown): CatalogProblem {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (position) {
    const offset = Number(position[1]);
    const before = textContent.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    return { file, path: "", message: `invalid JSON at line ${line}, column ${column}: ${message}` };
  }
  return { file, path: "", message: `invalid JSON: ${message}` };
}

function readJson(dir: string, file: string, files: Map<string, string>, problems: CatalogProblem[]): unknown {
  const rel = relative(dir, file);
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    problems.push({ file: rel, path: "", message: `cannot read: ${(error as Error).message}` });
    return undefined;
  }
  files.set(rel, content);
  try {
    return JSON.parse(content);
  } catch (error) {
    problems.push(jsonProblem(rel, content, error));
    return undefined;
  }
}

function listJsonFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/**
 * Reads and validates a catalog folder. Every file is checked and every problem collected,
 * so one bad file does not hide the others' errors.
 */
export function readCatalog(dir: string): { catalog: Catalog; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const files = new Map<string, string>();
  const entries: Entry[] = [];
  const entryFile = new Map<Entry, string>();

  if (!isDirectory(dir)) {
    problems.push({
      file: dir,
      path: "",
      message: `catalog folder not found (expected a folder with ${LIST_FOLDERS})`,
    });
    return {
      catalog: {
        dir,
        entries,
        references: [],
        referencesCheckedOn: null,
        licenceClasses: null,
        measurements: [],
        changes: [],
        publisherChecks: [],
        files,
        skipped: [],
      },
      problems,
    };
  }
  const sourcesDir = join(dir, "sources");
  if (!isDirectory(sourcesDir)) {
    problems.push({ file: "sources", path: "", message: `missing folder sources/ (expected ${LIST_FOLDERS})` });
  }

  for (const list of LISTS) {
    for (const file of listJsonFiles(join(sourcesDir, list))) {
      const rel = relative(dir, file);
      const data = readJson(dir, file, files, problems);
      if (data === undefined) continue;
      const parsed = entrySchema.safeParse(data);
      if (!parsed.success) {
        problems.push(...zodProblems(rel, parsed.error));
        continue;
      }
      const entry = parsed.data;
      if (basename(file) !== `${entry.id}.json`) {
        problems.push({ file: rel, path: "id", message: `file name must be the id: expected ${entry.id}.json` });
      }
      if (list === CURRENT_LIST && entry.report) {
        problems.push({
          file: rel,
          path: "report",
          message:
            "an entry of the current list has no report position (omit report, or move the file to the report's list)",
        });
      } else if (list !== CURRENT_LIST && !entry.report) {
        problems.push({
          file: rel,
          path: "report",
          message: `required field is missing: an entry in sources/${list}/ has its position on the report's list`,
        });
      } else if (entry.report && entry.report.list !== list) {
        problems.push({
          file: rel,
          path: "report.list",
          message: `entry is in sources/${list}/ but report.list is "${entry.report.list}"`,
        });
      }
      entries.push(entry);
      entryFile.set(entry, rel);
    }
  }

  problems.push(...crossEntryProblems(entries, entryFile));

  let licenceClasses: LicenceClasses | null = null;
  const classesData = readJson(dir, join(dir, "licence-classes.json"), files, problems);
  if (classesData !== undefined) {
    const parsed = licenceClassesSchema.safeParse(classesData);
    if (parsed.success) {
      licenceClasses = parsed.data;
      problems.push(...licenceClassProblems(entries, entryFile, licenceClasses));
    } else {
      problems.push(...zodProblems("licence-classes.json", parsed.error));
    }
  }

  let references: Reference[] = [];
  let referencesCheckedOn: string | null = null;
  const referencesFile = join(dir, "references.json");
  const refData = readJson(dir, referencesFile, files, problems);
  if (refData !== undefined) {
    const parsed = referencesSchema.safeParse(refData);
    if (parsed.success) {
      references = parsed.data.references;
      referencesCheckedOn = parsed.data.checkedOn;
      const seen = new Set<string>();
      parsed.data.references.forEach((r, i) => {
        if (seen.has(r.id))
          problems.push({
            file: "references.json",
            path: `references[${i}].id`,
            message: `duplicate reference id "${r.id}"`,
          });
        seen.add(r.id);
      });
    } else {
      problems.push(...zodProblems("references.json", parsed.error));
    }
  }

  // A measurement is one run's result, written by census: a damaged one is left out with a
  // warning (loadCatalog), not a reason to refuse the catalog; validate still lists it.
  const measurements: Measurement[] = [];
  const skipped: CatalogProblem[] = [];
  for (const file of listJsonFiles(join(dir, "measurements"))) {
    const rel = relative(dir, file);
    const own: CatalogProblem[] = [];
    const data = readJson(dir, file, files, own);
    const parsed = data === undefined ? undefined : measurementSchema.safeParse(data);
    if (parsed?.success) measurements.push(parsed.data);
    else if (parsed) own.push(...zodProblems(rel, parsed.error));
    skipped.push(...own);
    problems.push(...own);
  }

  let changes: ChangeLogVersion[] = [];
  const changesFile = join(dir, "changes.json");
  if (statSync(changesFile, { throwIfNoEntry: false })?.isFile()) {
    const data = readJson(dir, changesFile, files, problems);
    if (data !== undefined) {
      const parsed = changeLogSchema.safeParse(data);
      if (parsed.success) changes = parsed.data.versions;
      else problems.push(...zodProblems("changes.json", parsed.error));
    }
  }

  let publisherChecks: PublisherCheck[] = [];
  const checksFile = join(dir, "publisher-checks.json");
  if (statSync(checksFile, { throwIfNoEntry: false })?.isFile()) {
    const data = readJson(dir, checksFile, files, problems);
    if (data !== undefined) {
      const parsed = publisherChecksSchema.safeParse(data);
      if (parsed.success) {
        publisherChecks = parsed.data.checks;
        const ids = new Set(entries.map((e) => e.id));
        parsed.data.checks.forEach((c, i) => {
          if (c.entry !== undefined && !ids.has(c.entry))
            problems.push({
              file: "publisher-checks.json",
              path: `checks[${i}].entry`,
              message: `no catalog entry "${c.entry}"`,
            });
        });
      } else problems.push(...zodProblems("publisher-checks.json", parsed.error));
    }
  }

  entries.sort(compareEntries);
  return {
    catalog: {
      dir,
      entries,
      references,
      referencesCheckedOn,
      licenceClasses,
      measurements,
      changes,
      publisherChecks,
      files,
      skipped,
    },
    problems,
  };
}

function crossEntryProblems(entries: Entry[], entryFile: Map<Entry, string>): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const byId = new Map<string, Entry>();
  const byPosition = new Map<string, Entry>();
  for (const entry of entries) {
    const file = entryFile.get(entry)!;
    const other = byId.get(entry.id);
    if (other) {
      problems.push({ file, path: "id", message: `duplicate id "${entry.id}" (also in ${entryFile.get(other)})` });
    } else {
      byId.set(entry.id, entry);
    }
    if (!entry.report) continue;
    const position = `${entry.report.list}#${entry.report.number}`;
    const samePosition = byPosition.get(position);
    if (samePosition) {
      problems.push({
        file,
        path: "report.number",
        message: `report position ${entry.report.list} ${entry.report.number} is also taken by ${entryFile.get(samePosition)}`,
      });
    } else {
      byPosition.set(position, entry);
    }
  }
  for (const entry of entries) {
    entry.flags.forEach((flag, i) => {
      if (!(FLAGS_WITH_TARGET as readonly string[]).includes(flag.code) || !flag.target) return;
      const path = `flags[${i}].target`;
      const file = entryFile.get(entry)!;
      if (flag.target === entry.id) {
        problems.push({ file, path, message: `flag "${flag.code}" points at the entry itself` });
      } else if (!byId.has(flag.target)) {
        problems.push({
          file,
          path,
          message: `flag "${flag.code}" points at "${flag.target}", which is no entry's id`,
        });
      }
    });
  }
  problems.push(...collectionProblems(entries, entryFile, byId));
  for (const entry of entries) {
    for (const [path, url] of entryUrlFields(entry)) {
      const problem = url ? githubUrlProblem(url) : undefined;
      if (problem) problems.push({ file: entryFile.get(entry)!, path, message: `${problem} (${url})` });
    }
  }
  return problems;
}

/** A collection's parts exist and name it back; a part's collection exists and lists it. */
function collectionProblems(
  entries: Entry[],
  entryFile: Map<Entry, string>,
  byId: Map<string, Entry>,
): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  for (const entry of entries) {
    const file = entryFile.get(entry)!;
    const seen = new Set<string>();
    entry.parts?.forEach((id, i) => {
      const path = `parts[${i}]`;
      const part = byId.get(id);
      if (seen.has(id)) problems.push({ file, path, message: `part "${id}" is listed twice` });
      seen.add(id);
      if (id === entry.id) problems.push({ file, path, message: "a collection cannot be its own part" });
      else if (!part) problems.push({ file, path, message: `part "${id}" is no entry's id` });
      else if (entryList(part) === CURRENT_LIST && !part.partOf) {
        problems.push({
          file,
          path,
          message: `part "${id}" (${entryFile.get(part)}) does not name its collection in partOf`,
        });
      }
    });
    if (entry.partOf !== undefined) {
      const collection = byId.get(entry.partOf);
      if (entry.partOf === entry.id)
        problems.push({ file, path: "partOf", message: "an entry cannot be part of itself" });
      else if (!collection)
        problems.push({ file, path: "partOf", message: `partOf names "${entry.partOf}", which is no entry's id` });
      else if (!collection.parts?.includes(entry.id)) {
        problems.push({
          file,
          path: "partOf",
          message: `partOf names "${entry.partOf}", whose parts (${entryFile.get(collection)}) do not list "${entry.id}"`,
        });
      }
    }
  }
  return problems;
}

/**
 * The licence table applied: an entry whose class differs from its licence's class says why
 * (a licence of the compilation only is read with the terms of its contents: the less permissive
 * class of the two); an entry that says it is bound by terms the table classes (Common Crawl's
 * terms of use...) names them; and entries under the same bespoke terms (no table row) share one
 * class unless they say why.
 */
function licenceClassProblems(
  entries: Entry[],
  entryFile: Map<Entry, string>,
  table: LicenceClasses,
): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const byTerms = new Map<string, Entry[]>();
  for (const entry of entries) {
    const problem = licenceClassProblem(entry, table);
    if (problem) problems.push({ file: entryFile.get(entry)!, ...problem });
    for (const p of undeclaredTermsProblems(entry, table)) problems.push({ file: entryFile.get(entry)!, ...p });
    // Terms the table classes are checked against the table; bespoke terms against each other.
    if (entry.classReason || licenceClassOf(entry, table)) continue;
    const key = termsIdentity(entry);
    byTerms.set(key, [...(byTerms.get(key) ?? []), entry]);
  }
  for (const [terms, group] of byTerms) {
    const classes = new Set(group.map((e) => e.commercialUse));
    if (classes.size < 2) continue;
    for (const entry of group) {
      const others = group
        .filter((o) => o.commercialUse !== entry.commercialUse)
        .map((o) => `${o.id} (${o.commercialUse})`);
      problems.push({
        file: entryFile.get(entry)!,
        path: "commercialUse",
        message: `"${entry.commercialUse}" differs from other entries under the same terms (${terms}): ${others.join(", ")}; the same terms give the same class, or classReason says why`,
      });
    }
  }
  return problems;
}

/** The folders the lists are read from, as the problems name them. */
const LIST_FOLDERS = LISTS.map((l) => `sources/${l}`).join(", ");

const LIST_ORDER: Record<string, number> = { ja: 0, en: 1, other: 2, current: 3 };

/** The report's lists in its order, then the current list by id. */
function compareEntries(a: Entry, b: Entry): number {
  const byList = LIST_ORDER[entryList(a)]! - LIST_ORDER[entryList(b)]!;
  if (byList !== 0) return byList;
  if (a.report && b.report) return a.report.number - b.report.number;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads a catalog and throws CatalogInvalidError listing every problem if it is not valid. A
 * damaged measurement file is no such problem here: it is left out and named in
 * `catalog.skipped`, for the caller to warn of (census validate still reports it).
 */
export function loadCatalog(dir: string): Catalog {
  const { catalog, problems } = readCatalog(dir);
  const blocking = problems.filter((p) => !catalog.skipped.includes(p));
  if (blocking.length > 0) throw new CatalogInvalidError(dir, blocking);
  return catalog;
}
