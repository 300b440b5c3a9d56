import { describe, expect, it } from "vitest";
import { CatalogStore, loadCatalog, sizeSchema } from "@corpus-census/catalog";
import { BUNDLED_CATALOG, useTemporaryCache } from "../../../test/helpers/catalog-copy.js";

describe("a size in bytes that measures a container", () => {
  it("says so in the catalog and in the store", () => {
    useTemporaryCache();
    const catalog = loadCatalog(BUNDLED_CATALOG);
    const store = CatalogStore.open(catalog);
    try {
      const rows = store.db
        .prepare("SELECT container FROM sizes WHERE entry_id = 'mc4-ja' AND container IS NOT NULL")
        .all() as { container: string }[];
      expect(rows.map((r) => r.container)).toEqual([expect.stringMatching(/^TensorFlow TFRecord files/)]);
    } finally {
      store.close();
    }
  });

  it("is refused on a size in another unit", () => {
    const size = { value: 1, unit: "characters", container: "Arrow", source: "https://example.org", asOf: "2024" };
    const parsed = sizeSchema.safeParse(size);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain('"container" describes a size in bytes');
  });
});
