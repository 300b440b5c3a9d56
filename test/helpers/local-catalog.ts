import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./catalog-copy.js";

/** The URLs one test entry cites; every one should point at a server on 127.0.0.1. */
interface EntryUrls {
  homepage: string;
  licence: string;
  terms: string;
  acquisition: string;
  sources: string[];
}

/**
 * A small valid catalog whose every cited URL is one the test chose (never a real host): entries
 * made from docs/catalog-entry-example.json, and one scale reference.
 */
export function writeLocalCatalog(entries: { id: string; urls: EntryUrls }[], referenceUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), "census-local-catalog-"));
  const example = JSON.parse(readFileSync(join(REPO_ROOT, "docs/catalog-entry-example.json"), "utf8"));
  for (const list of ["ja", "en", "other"]) mkdirSync(join(dir, "sources", list), { recursive: true });
  entries.forEach(({ id, urls }, i) => {
    const entry = structuredClone(example);
    entry.id = id;
    entry.report = { list: "ja", number: i + 1, name: `Test corpus ${id}` };
    entry.name = { ja: `テスト ${id}`, en: `Test corpus ${id}` };
    entry.homepage = urls.homepage;
    entry.licence.url = urls.licence;
    entry.licence.source = urls.licence;
    entry.terms.commercialUse.source = urls.terms;
    entry.terms.access.source = urls.terms;
    entry.acquisition.url = urls.acquisition;
    entry.acquisition.source = urls.acquisition;
    entry.sizes = entry.sizes.map((s: Record<string, unknown>) => ({ ...s, source: urls.homepage }));
    entry.flags = [];
    entry.sources = urls.sources;
    writeFileSync(join(dir, "sources", "ja", `${id}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  });
  const references = {
    checkedOn: "2026-11-22",
    references: [
      {
        id: "gpt-3",
        name: "GPT-3",
        tokens: 300e9,
        parameters: 175e9,
        bytes: null,
        source: referenceUrl,
        reportSays: "300 billion tokens",
      },
    ],
  };
  writeFileSync(join(dir, "references.json"), `${JSON.stringify(references, null, 2)}\n`);
  cpSync(join(REPO_ROOT, "catalog", "licence-classes.json"), join(dir, "licence-classes.json"));
  return dir;
}
