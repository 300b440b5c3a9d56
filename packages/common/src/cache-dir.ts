import { homedir } from "node:os";
import { join } from "node:path";

/** Where corpus-census keeps downloads and partial results: $CENSUS_CACHE_DIR, else the XDG cache. */
export function cacheRoot(): string {
  return process.env.CENSUS_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "corpus-census");
}
