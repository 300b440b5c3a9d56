import { entryUrlFields, REPORT_SOURCE, type Catalog } from "@corpus-census/catalog";

/** Where a URL is cited: the entry (or references.json) and the field path. */
interface Citation {
  entry: string;
  field: string;
}

interface CitedUrl {
  url: string;
  citedBy: Citation[];
}

/** The id a scale reference is reported under, since it belongs to no entry. */
export const REFERENCES_CITER = "references.json";

/**
 * Every http(s) URL the catalog cites, once, with every place that cites it; sorted by URL so
 * a check file lists them in a stable order. `only` restricts it to those entries.
 */
export function citedUrls(catalog: Catalog, only?: ReadonlySet<string>): CitedUrl[] {
  const byUrl = new Map<string, Citation[]>();
  const add = (url: string | null | undefined, citation: Citation) => {
    if (!url || url === REPORT_SOURCE || !/^https?:\/\//.test(url)) return;
    const list = byUrl.get(url) ?? [];
    if (!list.some((c) => c.entry === citation.entry && c.field === citation.field)) list.push(citation);
    byUrl.set(url, list);
  };
  for (const entry of catalog.entries) {
    if (only && !only.has(entry.id)) continue;
    for (const [field, url] of entryUrlFields(entry)) add(url, { entry: entry.id, field });
  }
  if (!only) {
    for (const r of catalog.references) add(r.source, { entry: REFERENCES_CITER, field: `${r.id}.source` });
  }
  return [...byUrl.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([url, citedBy]) => ({ url, citedBy }));
}
