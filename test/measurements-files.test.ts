import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "@corpus-census/catalog";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { COUNT_FIXTURES } from "./helpers/samples.js";

/** Measurements never overwrite one another, and one damaged file does not stop the catalog. */
describe("saved measurements", () => {
  let copy: CatalogCopy;
  beforeAll(() => {
    useTemporaryCache();
    copy = new CatalogCopy();
  });
  afterAll(() => copy.remove());

  it("gives every saved run its own file: two shard runs of one entry on one day both survive", async () => {
    const measurements = join(copy.dir, "measurements");
    const before = readdirSync(measurements);
    const saved: string[] = [];
    for (const input of ["sample.jsonl", "sample-content.jsonl"]) {
      const { code, stderr } = await census(
        "count",
        join(COUNT_FIXTURES, input),
        "--tokenizer",
        "r50k_base",
        "--save",
        "--entry",
        "bsd",
        "--covers",
        "shard",
        "--catalog",
        copy.dir,
      );
      expect(code).toBe(0);
      const file = /^saved (\S+\.json):/m.exec(stderr)?.[1];
      expect(file).toBeDefined();
      saved.push(file!);
    }
    expect(saved[0]).not.toBe(saved[1]);
    const added = readdirSync(measurements).filter((f) => !before.includes(f));
    expect(added.sort()).toEqual(saved.map((f) => f.slice(measurements.length + 1)).sort());
    // Each file's id is its name, and both are in the catalog.
    const runs = loadCatalog(copy.dir).measurements.filter((m) => m.type === "estimate" && m.entryId === "bsd");
    expect(runs.map((r) => `${join(measurements, r.id)}.json`).sort()).toEqual([...saved].sort());
    expect(new Set(runs.map((r) => JSON.stringify(r.inputs))).size).toBe(2);
  });

  it("skips an unreadable measurement with a warning naming it; validate still reports it", async () => {
    const broken = new CatalogCopy();
    try {
      broken.writeRaw("measurements/count-bsd-2026-12-01-seed1.json", "");
      broken.writeRaw(
        "measurements/estimate-jpwac-2026-12-01-seed1.json",
        `${JSON.stringify({ type: "estimate", id: "x" })}\n`,
      );
      for (const argv of [
        ["report"],
        ["list"],
        ["publish", "--out", join(mkdtempSync(join(tmpdir(), "census-publish-")), "site")],
      ]) {
        const { code, stderr } = await census(...argv, "--catalog", broken.dir);
        expect(code, argv.join(" ")).toBe(0);
        expect(stderr).toMatch(/warning: skipped measurements\/count-bsd-2026-12-01-seed1\.json: invalid JSON/);
        expect(stderr).toMatch(/warning: skipped measurements\/estimate-jpwac-2026-12-01-seed1\.json: /);
      }
      const { code, stderr } = await census("validate", "--catalog", broken.dir);
      expect(code).toBe(1);
      expect(stderr).toContain("measurements/count-bsd-2026-12-01-seed1.json: invalid JSON");
      expect(stderr).toContain("measurements/estimate-jpwac-2026-12-01-seed1.json");
      // The report is the one the catalog gives without the damaged files.
      const clean = await census("report", "--json", "--catalog", copy.dir);
      const report = (await census("report", "--json", "--catalog", broken.dir)).stdout;
      expect(JSON.parse(report).lists.ja.estimates).toEqual(JSON.parse(clean.stdout).lists.ja.estimates);
    } finally {
      broken.remove();
    }
  });
});
