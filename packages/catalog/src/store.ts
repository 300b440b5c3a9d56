import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { cacheRoot } from "@corpus-census/common";
import type { Catalog } from "./load.js";
import { SCHEMA_VERSION, entryList, type Entry } from "./schema.js";
import { normalizeForSearch, searchableText } from "./search-text.js";
import { USABILITY_RULES, type UsablePurpose } from "./usability.js";

/** Bump when the tables change, so stores built by an older version are rebuilt. */
const STORE_VERSION = "5";

const DDL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
  id TEXT PRIMARY KEY,
  list TEXT NOT NULL,            -- ja | en | other (the report's lists) | current
  number INTEGER,                -- the report's number; NULL on the current list
  report_name TEXT,              -- the name as the report prints it; NULL on the current list
  part_of TEXT,                  -- the collection the entry is a part of
  name_ja TEXT NOT NULL,
  name_en TEXT NOT NULL,
  publisher TEXT NOT NULL,
  homepage TEXT,
  kind TEXT NOT NULL,
  languages TEXT NOT NULL,
  licence_spdx TEXT,
  licence_name TEXT NOT NULL,
  licence_url TEXT,
  commercial_use TEXT NOT NULL,
  access TEXT NOT NULL,
  acquisition_url TEXT,
  hugging_face TEXT,
  cost TEXT,
  checked_on TEXT NOT NULL,
  confidence TEXT NOT NULL,
  json TEXT NOT NULL,
  UNIQUE (list, number)
);
CREATE TABLE sizes (
  entry_id TEXT NOT NULL REFERENCES entries(id),
  ord INTEGER NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  tokenizer TEXT,
  quote TEXT,
  scope TEXT,
  container TEXT,
  source TEXT NOT NULL,
  as_of TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (entry_id, ord)
);
CREATE TABLE flags (
  entry_id TEXT NOT NULL REFERENCES entries(id),
  ord INTEGER NOT NULL,
  code TEXT NOT NULL,
  target TEXT REFERENCES entries(id),
  note TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (entry_id, ord)
);
CREATE INDEX flags_code ON flags(code);
CREATE TABLE source_urls (
  entry_id TEXT NOT NULL REFERENCES entries(id),
  url TEXT NOT NULL,
  PRIMARY KEY (entry_id, url)
);
CREATE TABLE scale_references (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  tokens REAL,
  parameters REAL,
  bytes REAL,
  note TEXT,
  source TEXT NOT NULL,
  report_says TEXT NOT NULL
);
CREATE TABLE measurements (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  created_on TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE TABLE ratios (
  measurement_id TEXT NOT NULL REFERENCES measurements(id),
  tokenizer TEXT NOT NULL,
  lang TEXT NOT NULL,
  text_kind TEXT NOT NULL,
  unit TEXT NOT NULL,
  value REAL NOT NULL,
  low REAL NOT NULL,
  high REAL NOT NULL,
  documents INTEGER NOT NULL
);
-- The trigram tokenizer finds Japanese words without a word segmenter. The indexed text is
-- normalised (NFKC, lower case) before it is stored, as every query is, so matching is exact.
CREATE VIRTUAL TABLE entries_fts USING fts5(id UNINDEXED, names, body, tokenize = 'trigram case_sensitive 1');
`;

interface ListFilter {
  lists?: string[];
  commercialUse?: string[];
  access?: string[];
  kinds?: string[];
  /** Entries carrying any of these flag codes. */
  flags?: string[];
  usable?: UsablePurpose;
}

/** The catalog's identity: a store built from other content is stale. */
function catalogFingerprint(catalog: Catalog): string {
  const hash = createHash("sha256");
  hash.update(`store ${STORE_VERSION} schema ${SCHEMA_VERSION}\n`);
  for (const [file, content] of [...catalog.files].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`${file}\0${content}\0`);
  }
  return hash.digest("hex");
}

function fillStore(db: Database.Database, catalog: Catalog, fingerprint: string): void {
  db.exec(DDL);
  const insertEntry = db.prepare(`INSERT INTO entries VALUES (
    @id, @list, @number, @report_name, @part_of, @name_ja, @name_en, @publisher, @homepage, @kind, @languages,
    @licence_spdx, @licence_name, @licence_url, @commercial_use, @access, @acquisition_url, @hugging_face,
    @cost, @checked_on, @confidence, @json)`);
  const insertSize = db.prepare(`INSERT INTO sizes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertFlag = db.prepare(`INSERT INTO flags VALUES (?, ?, ?, ?, ?, ?)`);
  const insertUrl = db.prepare(`INSERT OR IGNORE INTO source_urls VALUES (?, ?)`);
  const insertFts = db.prepare(`INSERT INTO entries_fts (id, names, body) VALUES (?, ?, ?)`);
  const insertReference = db.prepare(`INSERT INTO scale_references VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertMeta = db.prepare(`INSERT INTO meta VALUES (?, ?)`);
  const insertMeasurement = db.prepare(`INSERT INTO measurements VALUES (?, ?, ?, ?)`);
  const insertRatio = db.prepare(`INSERT INTO ratios VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  db.transaction(() => {
    for (const e of catalog.entries) {
      insertEntry.run({
        id: e.id,
        list: entryList(e),
        number: e.report?.number ?? null,
        report_name: e.report?.name ?? null,
        part_of: e.partOf ?? null,
        name_ja: e.name.ja,
        name_en: e.name.en,
        publisher: e.publisher,
        homepage: e.homepage,
        kind: e.kind,
        languages: JSON.stringify(e.languages),
        licence_spdx: e.licence.spdx,
        licence_name: e.licence.name,
        licence_url: e.licence.url,
        commercial_use: e.commercialUse,
        access: e.access,
        acquisition_url: e.acquisition.url,
        hugging_face: e.acquisition.huggingFace,
        cost: e.acquisition.cost,
        checked_on: e.checkedOn,
        confidence: e.confidence,
        json: JSON.stringify(e),
      });
    }
    // Children after all entries: a flag may name an entry that comes later in the report.
    for (const e of catalog.entries) {
      e.sizes.forEach((s, i) =>
        insertSize.run(
          e.id,
          i,
          s.value,
          s.unit,
          s.tokenizer ?? null,
          s.quote ?? null,
          s.scope ?? null,
          s.container ?? null,
          s.source,
          s.asOf,
          s.note ?? null,
        ),
      );
      e.flags.forEach((f, i) => insertFlag.run(e.id, i, f.code, f.target ?? null, f.note, f.source));
      for (const url of e.sources) insertUrl.run(e.id, url);
      insertFts.run(
        e.id,
        normalizeForSearch([e.report?.name ?? "", e.name.ja, e.name.en].join("\n")),
        normalizeForSearch(searchableText(e)),
      );
    }
    for (const r of catalog.references) {
      insertReference.run(r.id, r.name, r.tokens, r.parameters, r.bytes, r.note ?? null, r.source, r.reportSays);
    }
    for (const m of catalog.measurements) {
      insertMeasurement.run(m.id, m.type, m.createdOn, JSON.stringify(m));
      if (m.type === "calibration") {
        for (const r of m.ratios)
          insertRatio.run(m.id, r.tokenizer, r.lang, r.textKind, r.unit, r.value, r.low, r.high, r.documents);
      }
    }
    insertMeta.run("store_version", STORE_VERSION);
    insertMeta.run("schema_version", SCHEMA_VERSION);
    insertMeta.run("catalog_fingerprint", fingerprint);
    insertMeta.run("catalog_dir", resolve(catalog.dir));
    insertMeta.run("entries", String(catalog.entries.length));
  })();
}

/** Builds a SQLite database of the catalog in `file`, which must not exist yet (census db writes it to a temporary name it then renames). */
export function buildStore(catalog: Catalog, file: string): void {
  const db = new Database(file);
  try {
    fillStore(db, catalog, catalogFingerprint(catalog));
  } finally {
    db.close();
  }
}

/** Writes a fresh SQLite database of the catalog to `file` (replacing it through a rename; the cache's store). */
export function writeStore(catalog: Catalog, file: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  try {
    buildStore(catalog, temporary);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Where the cached store of a catalog folder lives; CENSUS_CACHE_DIR overrides the default. */
export function defaultStorePath(catalogDir: string): string {
  const key = createHash("sha256").update(resolve(catalogDir)).digest("hex").slice(0, 16);
  return join(cacheRoot(), `catalog-${key}.sqlite`);
}

function storedFingerprint(file: string): string | null {
  if (!existsSync(file)) return null;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare(`SELECT value FROM meta WHERE key = 'catalog_fingerprint'`).get() as
        | { value: string }
        | undefined;
      return row?.value ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null; // unreadable or from another layout: rebuild
  }
}

/** A query interface over the SQLite store of one catalog. */
export class CatalogStore {
  private constructor(
    readonly db: Database.Database,
    readonly file: string,
    /** True when this open rebuilt the store because the catalog had changed. */
    readonly rebuilt: boolean,
  ) {}

  /** Opens the store of `catalog`, rebuilding it first if the catalog files changed since it was built. */
  static open(catalog: Catalog, file = defaultStorePath(catalog.dir)): CatalogStore {
    const fingerprint = catalogFingerprint(catalog);
    const stale = storedFingerprint(file) !== fingerprint;
    if (stale) writeStore(catalog, file);
    return new CatalogStore(new Database(file, { readonly: true, fileMustExist: true }), file, stale);
  }

  close(): void {
    this.db.close();
  }

  private entriesWhere(where: string[], params: unknown[]): Entry[] {
    const sql = `SELECT json FROM entries ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY CASE list WHEN 'ja' THEN 0 WHEN 'en' THEN 1 WHEN 'other' THEN 2 ELSE 3 END, number, id`;
    return (this.db.prepare(sql).all(...params) as { json: string }[]).map((r) => JSON.parse(r.json) as Entry);
  }

  list(filter: ListFilter = {}): Entry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (column: string, values: readonly string[] | undefined) => {
      if (!values || values.length === 0) return;
      where.push(`${column} IN (${values.map(() => "?").join(", ")})`);
      params.push(...values);
    };
    inList("list", filter.lists);
    inList("commercial_use", filter.commercialUse);
    inList("access", filter.access);
    inList("kind", filter.kinds);
    if (filter.flags && filter.flags.length > 0) {
      where.push(`id IN (SELECT entry_id FROM flags WHERE code IN (${filter.flags.map(() => "?").join(", ")}))`);
      params.push(...filter.flags);
    }
    if (filter.usable) {
      const rule = USABILITY_RULES[filter.usable];
      inList("commercial_use", rule.commercialUse);
      inList("access", rule.access);
      where.push(
        `id NOT IN (SELECT entry_id FROM flags WHERE code IN (${rule.excludedFlags.map(() => "?").join(", ")}))`,
      );
      params.push(...rule.excludedFlags);
    }
    return this.entriesWhere(where, params);
  }

  get(id: string): Entry | undefined {
    return this.entriesWhere(["id = ?"], [id])[0];
  }

  ids(): string[] {
    return (this.db.prepare(`SELECT id FROM entries ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
  }

  /**
   * Full-text search over searchableText(): every word must occur, compared after NFKC and lower
   * case (as the published page compares). Words of three or more characters use the trigram
   * index; shorter ones (common in Japanese: 会話, 商用) fall back to a substring scan.
   */
  search(words: string[]): Entry[] {
    const terms = words.map((w) => normalizeForSearch(w.trim())).filter((w) => w.length > 0);
    if (terms.length === 0) return [];
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const term of terms) {
      if ([...term].length >= 3) {
        conditions.push(`entries_fts MATCH ?`);
        params.push(`"${term.replaceAll('"', '""')}"`);
      } else {
        conditions.push(`(names LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')`);
        const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        params.push(pattern, pattern);
      }
    }
    const rows = this.db.prepare(`SELECT id FROM entries_fts WHERE ${conditions.join(" AND ")}`).all(...params) as {
      id: string;
    }[];
    const found = new Set(rows.map((r) => r.id));
    // Keep the report's order: a reader finds an entry by its position in the list.
    return this.list().filter((e) => found.has(e.id));
  }

  meta(): Record<string, string> {
    const rows = this.db.prepare(`SELECT key, value FROM meta`).all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }
}
