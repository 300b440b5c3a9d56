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
      entries: publication.entries.map((p) => ({ ...p.entry, usable: { commercial: p.usableCommercial, research: p.usableResearch }, estimatedTokens: p.tokens, estimatedBy: p.method })),
    },
    null,
    2,
  )}\n`;
}
