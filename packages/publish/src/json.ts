import { entryJsonPath } from "./html.js";
import type { Publication } from "./model.js";

/** corpora.json: the catalog as data, with the schema version and the date of the facts. */
export function renderJson(publication: Publication): string {
  return `${JSON.stringify(
    {
      schemaVersion: publication.schemaVersion,
      catalogDate: publication.catalogDate,
      notice: "Not legal advice: a dated, sourced reading of published terms. Read each licence before use.",
      tokenizers: publication.tokenizers,
      calibration: publication.calibration,
      lists:
        "list: ja, en and other are the 2024 report's lists (report gives the position); current holds today's corpora, not in the report (inReport: false)",
      // "$schema" is a path inside the repository (../../schema.json): it means nothing here.
      entries: publication.entries.map(({ entry: { $schema: _schema, ...entry }, ...p }) => ({
        ...entry,
        list: p.list,
        inReport: entry.report !== undefined,
        usable: { commercial: p.usableCommercial, research: p.usableResearch },
        estimatedTokens: p.tokens,
        estimatedBy: p.method,
        file: entryJsonPath(entry.id),
      })),
    },
    null,
    2,
  )}\n`;
}
