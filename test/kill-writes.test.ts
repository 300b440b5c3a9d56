import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, measurementSchema } from "@corpus-census/catalog";
import { seededRandom } from "@corpus-census/estimate";
import { CatalogCopy, REPO_ROOT, useTemporaryCache } from "./helpers/catalog-copy.js";
import { COUNT_FIXTURES } from "./helpers/samples.js";
import { filesUnder } from "./helpers/files-under.js";

/**
 * SIGKILL at random moments, 20 times each, while census publish and census count --save
 * write: what is on disk afterwards is always the old state or the whole new one. The kills
 * are drawn over the second half of an uninterrupted run (startup, the first half, writes
 * nothing), so a share of them lands while the files are written.
 */
const KILLS = 20;
const MAIN = join(REPO_ROOT, "packages/cli/dist/main.js");

/** Runs the built CLI; with `killAfter`, SIGKILLs it after that many ms. Resolves with the time it ran and whether it was killed. */
function runKilled(
  args: string[],
  killAfter?: number,
): Promise<{ ms: number; killed: boolean; code: number | null; stderr: string }> {
  const started = Date.now();
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const timer = killAfter === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfter);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - started, killed: signal === "SIGKILL", code, stderr });
    }),
  );
}

const snapshot = (dir: string) => filesUnder(dir);

function same(a: Map<string, Buffer>, b: Map<string, Buffer>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k)?.equals(v));
}

/** A published folder is whole: every JSON parses, the page and the feed end as they should. */
function assertWhole(site: Map<string, Buffer>): void {
  for (const [name, bytes] of site) {
    if (name.endsWith(".json")) expect(() => JSON.parse(bytes.toString("utf8")), name).not.toThrow();
    if (name.endsWith(".html")) expect(bytes.toString("utf8").trimEnd().endsWith("</html>"), name).toBe(true);
  }
}

describe("a kill at any moment", () => {
  beforeAll(() => {
    useTemporaryCache();
  });

  it.concurrent(`census publish --out leaves the old folder or the whole new one (${KILLS} kills)`, async () => {
    const older = new CatalogCopy();
    const newer = new CatalogCopy();
    try {
      // The new catalog changes an entry's name (every page changes) and drops an entry (its files go).
      newer.edit("bsd", (e) => {
        e.name.en = `${e.name.en} (renamed)`;
      });
      rmSync(join(newer.dir, newer.fileOf("jpwac")));
      const work = mkdtempSync(join(tmpdir(), "census-kill-publish-"));
      const oldSite = join(work, "old");
      const newSite = join(work, "new");
      expect((await runKilled(["publish", "--out", oldSite, "--catalog", older.dir])).code).toBe(0);
      // Timed on the second run, when the catalog's store is cached as it is for the runs killed.
      expect((await runKilled(["publish", "--out", newSite, "--catalog", newer.dir])).code).toBe(0);
      const timed = await runKilled(["publish", "--out", newSite, "--catalog", newer.dir]);
      expect(timed.code, timed.stderr).toBe(0);
      const oldFiles = snapshot(oldSite);
      const newFiles = snapshot(newSite);
      assertWhole(oldFiles);
      assertWhole(newFiles);
      expect(same(oldFiles, newFiles)).toBe(false);
      const random = seededRandom(26);
      const outcomes = { old: 0, new: 0, between: 0 };
      for (let i = 0; i < KILLS; i++) {
        const parent = join(work, `run-${i}`);
        const site = join(parent, "site");
        cpSync(oldSite, site, { recursive: true });
        const run = await runKilled(
          ["publish", "--out", site, "--catalog", newer.dir],
          timed.ms * (0.5 + 0.55 * random()),
        );
        if (existsSync(site)) {
          const now = snapshot(site);
          assertWhole(now);
          const isOld = same(now, oldFiles);
          expect(
            isOld || same(now, newFiles),
            `run ${i}: the folder is neither the old nor the new one (killed: ${run.killed})`,
          ).toBe(true);
          outcomes[isOld ? "old" : "new"]++;
        } else {
          // Killed in the instant between the two renames: the old folder is whole beside it.
          const aside = readdirSync(parent).find((n) => n.startsWith(".site.publish-old-"));
          expect(aside, `run ${i}: no folder and no old folder aside`).toBeDefined();
          expect(same(snapshot(join(parent, aside!)), oldFiles)).toBe(true);
          outcomes.between++;
        }
        rmSync(parent, { recursive: true, force: true });
      }
      // A record of where the kills landed, for whoever reads the log.
      console.log(`publish kills: ${JSON.stringify(outcomes)}`);
    } finally {
      older.remove();
      newer.remove();
    }
  });

  it.concurrent(`census count --save leaves every measurement whole (${KILLS} kills)`, async () => {
    const copy = new CatalogCopy();
    try {
      const measurements = join(copy.dir, "measurements");
      const args = [
        "count",
        join(COUNT_FIXTURES, "sample.jsonl"),
        "--tokenizer",
        "r50k_base",
        "--save",
        "--entry",
        "bsd",
        "--covers",
        "sample-file",
        "--catalog",
        copy.dir,
      ];
      expect((await runKilled(args)).code).toBe(0);
      const timed = await runKilled(args);
      expect(timed.code, timed.stderr).toBe(0);
      const random = seededRandom(126);
      let saved = readdirSync(measurements).filter((f) => f.endsWith(".json")).length;
      const outcomes = { old: 0, new: 0 };
      for (let i = 0; i < KILLS; i++) {
        await runKilled(args, timed.ms * (0.5 + 0.55 * random()));
        const files = readdirSync(measurements).filter((f) => f.endsWith(".json"));
        // Nothing but whole measurements, and at most the one this run saved more.
        for (const f of files)
          expect(measurementSchema.safeParse(JSON.parse(readFileSync(join(measurements, f), "utf8"))).success, f).toBe(
            true,
          );
        expect(files.length - saved).toBeLessThanOrEqual(1);
        outcomes[files.length > saved ? "new" : "old"]++;
        saved = files.length;
      }
      expect(loadCatalog(copy.dir).skipped).toEqual([]);
      console.log(`--save kills: ${JSON.stringify(outcomes)}`);
    } finally {
      copy.remove();
    }
  });
});
