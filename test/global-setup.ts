import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** End-to-end tests run the built CLI; build it first so they never test a stale dist. */
export default function setup(): () => void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-b"], { cwd: root, stdio: "inherit" });
  // Keep the stores that tests build out of the user's cache.
  const cache = mkdtempSync(join(tmpdir(), "census-test-cache-"));
  process.env.CENSUS_CACHE_DIR = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
