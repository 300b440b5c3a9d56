import type { Publication } from "./model.js";

/** corpora.json: the catalog as data, with the schema version and the date of the facts. */
export function renderJson(publication: Publication): string {
  return `${JSON.stringify(
    {
      schemaVersion: publication.schemaVersion,
      catalogDate: publication.catalogDate,
      notice: "Not legal advice: a dated, sourced reading of published terms. Read each licence before use.",
      tokenizers: publication.tokenizers,
      lists: "list: ja, en and other are the 2024 report's lists (report gives the position); current holds today's corpora, not in the report (inReport: false)",
      entries: publication.entries.map((p) => ({ ...p.entry, list: p.list, inReport: p.entry.report !== undefined, usable: { commercial: p.usableCommercial, research: p.usableResearch }, estimatedTokens: p.tokens, estimatedBy: p.method })),
    },
    null,
    2,
  )}\n`;
}
