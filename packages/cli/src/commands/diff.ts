import { existsSync } from "node:fs";
import { writeAtomically } from "@corpus-census/common";
import { join } from "node:path";
import { defineCommand } from "../command-definition.js";
import {
  appendVersion,
  changeLogSchema,
  diffCatalogs,
  formatProblem,
  readCatalog,
  readJsonFile,
  renderChangeLog,
  type CatalogChange,
  type ChangeLog,
  type Entry,
} from "@corpus-census/catalog";
import { CHANGE_LABELS } from "@corpus-census/publish";
import { openCatalogVersion, type CatalogVersion } from "@corpus-census/watch";
import { BUNDLED_CATALOG_DIR } from "../catalog-location.js";
import type { Output } from "../output.js";
import { UsageError } from "../usage-error.js";

export const diffDefinition = defineCommand({
  usage: "census diff OLD [NEW] [--catalog DIR] [--json] [--record] [--date YYYY-MM-DD]",
  description: `What changed between two versions of the catalog: entries added and removed, commercial-use,
access and licence changes, sizes added, removed or updated, flags added and removed.
OLD and NEW are catalog folders or git revisions of the repository that holds the catalog
(e.g. HEAD~3, a tag, a commit); NEW defaults to the catalog as it is (--catalog, or the bundled one).
`,
  options: {
    catalog: { type: "string" },
    json: { type: "boolean", default: false, label: "--json", description: "the changes as data" },
    record: {
      type: "boolean",
      default: false,
      label: "--record",
      description: `append the changes to <catalog>/changes.json, the history that census publish turns
into changes.html and the Atom feed changes.xml (recording the same diff twice
changes nothing)`,
    },
    date: {
      type: "string",
      label: "--date",
      description: "the date the changes are recorded under (default: NEW's commit date, else today)",
    },
  },
  positionals: true,
  column: 13,
  run: ({ values, positionals }, out) => diffCommand(values, positionals, out),
});

/** Reads a version's entries; files that do not parse are named and left out of both sides. */
function entriesOf(version: CatalogVersion, out: Output): { entries: Entry[]; unreadable: Set<string> } {
  const { catalog, problems } = readCatalog(version.dir);
  const unreadable = new Set<string>();
  for (const p of problems) {
    const id = /^sources\/[^/]+\/([a-z0-9-]+)\.json$/.exec(p.file)?.[1];
    if (id) unreadable.add(id);
    out.stderr(`warning: ${version.label}: ${formatProblem(p)}`);
  }
  return { entries: catalog.entries, unreadable };
}

function markdown(changes: CatalogChange[], from: string, to: string): string {
  const lines = [`# Catalog changes from ${from} to ${to}`, ""];
  if (changes.length === 0) return [...lines, "No entry changed.", ""].join("\n");
  const byEntry = new Map<string, CatalogChange[]>();
  for (const c of changes) byEntry.set(c.entry, [...(byEntry.get(c.entry) ?? []), c]);
  const count = (t: CatalogChange["type"]) => changes.filter((c) => c.type === t).length;
  lines.push(
    `${byEntry.size} entries changed: ${count("added")} added, ${count("removed")} removed, ${changes.length - count("added") - count("removed")} changed facts.`,
    "",
  );
  const cell = (s: string | null) => (s ?? "—").replace(/\|/g, "\\|");
  for (const [entry, list] of byEntry) {
    lines.push(`## ${list[0]!.name} (\`${entry}\`)`, "", "| change | before | after | source |", "|---|---|---|---|");
    for (const c of list)
      lines.push(`| ${CHANGE_LABELS[c.type].en.toLowerCase()} | ${cell(c.old)} | ${cell(c.new)} | ${c.source ?? ""} |`);
    lines.push("");
  }
  return lines.join("\n");
}

function readChangeLog(path: string): ChangeLog {
  return existsSync(path) ? readJsonFile(path, changeLogSchema, "change log") : { versions: [] };
}

function diffCommand(
  values: { catalog?: string; json: boolean; record: boolean; date?: string },
  positionals: string[],
  out: Output,
): number {
  if (positionals.length < 1 || positionals.length > 2)
    throw new UsageError("census diff needs OLD and optionally NEW (catalog folders or git revisions)");
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
    throw new UsageError(`--date: expected YYYY-MM-DD, got "${values.date}"`);
  const catalogDir = values.catalog ?? BUNDLED_CATALOG_DIR;
  const cwd = process.cwd();
  const older = openCatalogVersion(positionals[0]!, catalogDir, cwd);
  const newer = positionals[1]
    ? openCatalogVersion(positionals[1], catalogDir, cwd)
    : ({ dir: catalogDir, label: "catalog/ (working tree)", dispose() {} } as CatalogVersion);
  try {
    const a = entriesOf(older, out);
    const b = entriesOf(newer, out);
    const skip = new Set([...a.unreadable, ...b.unreadable]);
    const changes = diffCatalogs(
      a.entries.filter((e) => !skip.has(e.id)),
      b.entries.filter((e) => !skip.has(e.id)),
    );
    if (values.record) {
      // History belongs to the catalog that is kept: NEW when it is a folder, else the working one.
      const target = positionals[1] && !newer.label.startsWith("git:") ? newer.dir : catalogDir;
      const path = join(target, "changes.json");
      const recordedOn = values.date ?? newer.date ?? new Date().toISOString().slice(0, 10);
      const { log, added } = appendVersion(readChangeLog(path), {
        recordedOn,
        from: older.label,
        to: newer.label,
        changes,
      });
      if (added) {
        writeAtomically(path, renderChangeLog(log));
      }
      out.stderr(
        added
          ? `recorded ${changes.length} change(s) in ${path} under ${recordedOn}`
          : `${path} already holds this diff; nothing recorded`,
      );
    }
    if (values.json) out.stdout(JSON.stringify({ from: older.label, to: newer.label, changes }, null, 2));
    else out.stdout(markdown(changes, older.label, newer.label));
    return 0;
  } finally {
    older.dispose();
    newer.dispose();
  }
}
