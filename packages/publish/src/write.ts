import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Catalog } from "@corpus-census/catalog";
import { croissantFor, isDownloadable } from "./croissant.js";
import { renderCsv } from "./csv.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { buildPublication, type PublishOptions } from "./model.js";

/** Writes everything the secretariat publishes into `dir`; the same catalog gives the same bytes. */
export function publish(catalog: Catalog, dir: string, options: PublishOptions = {}): { files: string[]; entries: number; croissant: number; calibration: string | null } {
  const publication = buildPublication(catalog, options);
  const files: [string, string][] = [
    ["index.html", renderHtml(publication)],
    ["corpora.csv", renderCsv(publication)],
    ["corpora.json", renderJson(publication)],
    ["README.md", renderMarkdown(publication)],
  ];
  const downloadable = publication.entries.filter((p) => isDownloadable(p.entry));
  for (const p of downloadable) files.push([join("croissant", `${p.entry.id}.json`), `${JSON.stringify(croissantFor(p.entry, publication.catalogDate), null, 2)}\n`]);
  mkdirSync(join(dir, "croissant"), { recursive: true });
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
  return { files: files.map(([name]) => name), entries: publication.entries.length, croissant: downloadable.length, calibration: publication.calibration?.id ?? null };
}
