import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** End-to-end tests run the built CLI; build it first so they never test a stale dist. */
export default function setup(): () => void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-b"], {
    cwd: root,
    stdio: "inherit",
  });
  // Everything a run writes goes under one directory, removed when it ends: the temporary
  // directories of tests and of the processes they start (TMPDIR, which os.tmpdir() reads), and
  // the stores they build, kept out of the user's cache.
  const run = mkdtempSync(join(tmpdir(), "census-test-run-"));
  process.env.TMPDIR = run;
  process.env.CENSUS_CACHE_DIR = join(run, "cache");
  return () => rmSync(run, { recursive: true, force: true });
}
