import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Catalog } from "@corpus-census/catalog";
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
 * works from disk and on any static host, and shows exactly what was reviewed.
 */
export function publish(catalog: Catalog, dir: string, options: PublishOptions = {}): { files: string[]; entries: number; croissant: number; calibration: string | null } {
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
  for (const p of described) files.push([join("croissant", `${p.entry.id}.json`), `${JSON.stringify(croissantFor(p.entry, publication.catalogDate), null, 2)}\n`]);
  for (const p of publication.entries) {
    // The catalog holds every file it read, as read: the copy is the text that was checked, not a second read.
    const content = p.sourceFile === null ? undefined : catalog.files.get(p.sourceFile);
    if (content === undefined) throw new Error(`publish: no catalog file found for entry "${p.entry.id}" under ${join(catalog.dir, "sources")}`);
    files.push([entryJsonPath(p.entry.id), content]);
  }
  for (const [name, content] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return { files: files.map(([name]) => name), entries: publication.entries.length, croissant: described.length, calibration: publication.calibration?.id ?? null };
}
