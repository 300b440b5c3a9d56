import { CatalogStore, formatProblem, loadCatalog, type Catalog } from "@corpus-census/catalog";
import { fileURLToPath } from "node:url";
import type { Output } from "./output.js";
import { PACKAGE_ROOT, REPOSITORY_ROOT } from "./package-files.js";

/**
 * The bundled catalog: the repository's catalog/ in a checkout (its source of truth), else the
 * copy that `prepack` (scripts/bundle-catalog.mjs) put in the installed package's own catalog/.
 */
export const BUNDLED_CATALOG_DIR: string = fileURLToPath(new URL("catalog/", REPOSITORY_ROOT ?? PACKAGE_ROOT)).replace(
  /\/$/,
  "",
);

interface OpenedCatalog {
  catalog: Catalog;
  store: CatalogStore;
}

/** Loads and validates the catalog (throwing every problem found) and opens its store, rebuilt if stale. */
export function openCatalog(dir: string | undefined, out?: Output): OpenedCatalog {
  const catalog = loadCatalogWarning(dir, out);
  return { catalog, store: CatalogStore.open(catalog) };
}

/** Loads and validates the catalog, warning on stderr of each measurement file it had to leave out. */
export function loadCatalogWarning(dir: string | undefined, out?: Output): Catalog {
  const catalog = loadCatalog(dir ?? BUNDLED_CATALOG_DIR);
  const warn = out ? out.stderr : (text: string) => process.stderr.write(`${text}\n`);
  const files = [...new Set(catalog.skipped.map((p) => p.file))];
  for (const file of files) {
    const problems = catalog.skipped.filter((p) => p.file === file);
    warn(
      `census: warning: skipped ${formatProblem(problems[0]!)}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ""}; census validate lists it`,
    );
  }
  return catalog;
}
