import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCESS,
  COMMERCIAL_USE,
  CatalogStore,
  FLAG_CODES,
  KINDS,
  LISTS,
  defaultStorePath,
  isUsable,
  loadCatalog,
  writeStore,
  type Catalog,
  type Entry,
  entryList,
} from "@corpus-census/catalog";
import { BUNDLED_CATALOG, CatalogCopy, useTemporaryCache } from "../../../test/helpers/catalog-copy.js";

const ids = (entries: Entry[]) => entries.map((e) => e.id);

describe("the SQLite store of the bundled catalog", () => {
  let catalog: Catalog;
  let store: CatalogStore;
  beforeAll(() => {
    useTemporaryCache();
    catalog = loadCatalog(BUNDLED_CATALOG);
    store = CatalogStore.open(catalog);
  });
  afterAll(() => store.close());

  it("holds every entry, size, flag and source URL", () => {
    const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count("entries")).toBe(catalog.entries.length);
    expect(count("sizes")).toBe(catalog.entries.reduce((n, e) => n + e.sizes.length, 0));
    expect(count("flags")).toBe(catalog.entries.reduce((n, e) => n + e.flags.length, 0));
    expect(count("source_urls")).toBe(catalog.entries.reduce((n, e) => n + new Set(e.sources).size, 0));
    expect(count("scale_references")).toBe(catalog.references.length);
    expect(count("measurements")).toBe(catalog.measurements.length);
    expect(count("ratios")).toBe(
      catalog.measurements.reduce((n, m) => n + (m.type === "calibration" ? m.ratios.length : 0), 0),
    );
    expect(count("ratios")).toBeGreaterThan(0);
    expect(ids(store.list())).toEqual(ids(catalog.entries));
  });

  it("returns an entry unchanged", () => {
    for (const e of catalog.entries) expect(store.get(e.id)).toEqual(e);
    expect(store.get("no-such-id")).toBeUndefined();
  });

  // Each filter is checked against the same question asked of the loaded entries in plain code.
  const cases: [string, object, (e: Entry) => boolean][] = [
    ...LISTS.map((l): [string, object, (e: Entry) => boolean] => [
      `list ${l}`,
      { lists: [l] },
      (e) => entryList(e) === l,
    ]),
    ...COMMERCIAL_USE.map((c): [string, object, (e: Entry) => boolean] => [
      `commercial ${c}`,
      { commercialUse: [c] },
      (e) => e.commercialUse === c,
    ]),
    ...ACCESS.map((a): [string, object, (e: Entry) => boolean] => [
      `access ${a}`,
      { access: [a] },
      (e) => e.access === a,
    ]),
    ...KINDS.map((k): [string, object, (e: Entry) => boolean] => [`kind ${k}`, { kinds: [k] }, (e) => e.kind === k]),
    ...FLAG_CODES.map((f): [string, object, (e: Entry) => boolean] => [
      `flag ${f}`,
      { flags: [f] },
      (e) => e.flags.some((x) => x.code === f),
    ]),
    ["usable commercial", { usable: "commercial" }, (e) => isUsable(e, "commercial")],
    ["usable research", { usable: "research" }, (e) => isUsable(e, "research")],
    [
      "several values and filters combined",
      {
        lists: ["ja", "other"],
        commercialUse: ["allowed", "allowed-with-conditions"],
        access: ["open-download", "search-only"],
      },
      (e) =>
        ["ja", "other"].includes(entryList(e)) &&
        ["allowed", "allowed-with-conditions"].includes(e.commercialUse) &&
        ["open-download", "search-only"].includes(e.access),
    ],
  ];
  it.each(cases)("filters by %s", (_name, filter, predicate) => {
    expect(ids(store.list(filter))).toEqual(ids(catalog.entries.filter(predicate)));
  });

  it("has entries behind the filters that matter most", () => {
    expect(store.list({ usable: "commercial" }).length).toBeGreaterThan(0);
    expect(store.list({ usable: "research" }).length).toBeGreaterThan(store.list({ usable: "commercial" }).length);
    expect(store.list({ flags: ["not-text"] }).length).toBeGreaterThan(0);
  });

  it("finds entries by Japanese words of any length", () => {
    // 会話 has two characters: below the trigram tokenizer's three, it takes the substring path.
    const conversation = ids(store.search(["会話"]));
    expect(conversation).toContain("nucc");
    expect(conversation).toContain("btsj-1000");
    expect(ids(store.search(["話し言葉"]))).toContain("csj");
    expect(ids(store.search(["ウェブコーパス"]))).toEqual(expect.arrayContaining(["nwjc", "twc"]));
  });

  it("finds entries by English words, case-insensitively, all words required", () => {
    expect(ids(store.search(["Wikipedia"]))).toEqual(
      expect.arrayContaining(["wikipedia-ja", "wikipedia-corpus-en", "jaquad"]),
    );
    expect(ids(store.search(["handwritten", "DIGITS"]))).toEqual(["mnist"]);
    expect(store.search(["zzzz-no-such-word"])).toEqual([]);
  });

  it("treats search input as words, not query syntax", () => {
    expect(() => store.search(['"', "OR", "*", "%_"])).not.toThrow();
  });
});

describe("the store's freshness", () => {
  let copy: CatalogCopy;
  beforeAll(() => {
    useTemporaryCache();
    copy = new CatalogCopy();
  });
  afterAll(() => copy.remove());

  it("is rebuilt when a catalog file changes, and only then", () => {
    const first = CatalogStore.open(loadCatalog(copy.dir));
    first.close();
    const second = CatalogStore.open(loadCatalog(copy.dir));
    expect(second.rebuilt).toBe(false);
    second.close();

    copy.edit("bsd", (e) => (e.description.en = "Edited description with a unique word: quokkaesque."));
    const third = CatalogStore.open(loadCatalog(copy.dir));
    expect(third.rebuilt).toBe(true);
    expect(ids(third.search(["quokkaesque"]))).toEqual(["bsd"]);
    third.close();
    expect(defaultStorePath(copy.dir)).toBe(third.file);
  });
});

describe("writeStore", () => {
  it("writes a database that others can query with plain SQL", () => {
    const out = join(useTemporaryCache(), "out", "catalog.sqlite");
    const catalog = loadCatalog(BUNDLED_CATALOG);
    writeStore(catalog, out);
    const db = new Database(out, { readonly: true });
    const rows = db.prepare(`SELECT id FROM entries WHERE list = 'en' ORDER BY number`).all() as { id: string }[];
    expect(rows.map((r) => r.id)).toEqual(catalog.entries.filter((e) => entryList(e) === "en").map((e) => e.id));
    const fts = db.prepare(`SELECT id FROM entries_fts WHERE entries_fts MATCH '"コーパス"'`).all();
    expect(fts.length).toBeGreaterThan(0);
    db.close();
  });
});
