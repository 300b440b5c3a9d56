import { fileURLToPath } from "node:url";
import { CatalogStore, loadCatalog, type Catalog } from "@corpus-census/catalog";

/** The catalog bundled with the repository: <repo>/catalog, two levels above packages/cli/dist. */
export const BUNDLED_CATALOG_DIR = fileURLToPath(new URL("../../../catalog/", import.meta.url)).replace(/\/$/, "");

interface OpenedCatalog {
  catalog: Catalog;
  store: CatalogStore;
}

/** Loads and validates the catalog (throwing every problem found) and opens its store, rebuilt if stale. */
export function openCatalog(dir: string | undefined): OpenedCatalog {
  const catalog = loadCatalog(dir ?? BUNDLED_CATALOG_DIR);
  return { catalog, store: CatalogStore.open(catalog) };
}
