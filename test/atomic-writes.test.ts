import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "@corpus-census/catalog";
import { writeAtomically } from "@corpus-census/common";
import { writeCheckFile, type CheckFile } from "@corpus-census/watch";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { filesUnder } from "./helpers/files-under.js";
import { countFixture as fixture } from "./helpers/samples.js";
import { CAN_MOUNT, mountSmallDisk, type SmallDisk } from "./helpers/small-disk.js";

/**
 * A full disk (a small tmpfs, where this process may mount one) in the middle of every kind of
 * file census writes: the previous files stay as they were, nothing half-written or temporary
 * is left, and the message names the path the user gave ("?" never stands for it).
 */

/** Every file under `dir` as latin1 text (compared with ===), but the small disk's fillers. */
const snapshot = (dir: string) =>
  new Map(
    [...filesUnder(dir, (name) => basename(name).startsWith(".filler-"))].map(([name, bytes]) => [
      name,
      bytes.toString("latin1"),
    ]),
  );

describe.skipIf(!CAN_MOUNT)("a full disk", () => {
  let disk: SmallDisk | undefined;
  let copy: CatalogCopy | undefined;
  beforeAll(() => {
    useTemporaryCache();
  });
  afterEach(() => {
    disk?.remove();
    copy?.remove();
    disk = undefined;
    copy = undefined;
  });

  it("writeAtomically leaves the previous file whole and names the path", () => {
    disk = mountSmallDisk(256 * 1024)!;
    const path = join(disk.dir, "result.json");
    writeAtomically(path, "old\n");
    disk.fill(0);
    expect(() => writeAtomically(path, "x".repeat(64 * 1024))).toThrow(
      new RegExp(`^${path}: .*no space left on the device`),
    );
    expect(readFileSync(path, "utf8")).toBe("old\n");
    expect([...snapshot(disk.dir).keys()]).toEqual(["result.json"]);
  });

  it("census count --save writes no damaged measurement, and the catalog still loads", async () => {
    disk = mountSmallDisk(512 * 1024)!;
    copy = new CatalogCopy();
    const measurements = join(copy.dir, "measurements");
    for (const f of readdirSync(measurements)) writeFileSync(join(disk.dir, f), readFileSync(join(measurements, f)));
    rmSync(measurements, { recursive: true });
    symlinkSync(disk.dir, measurements);
    const before = snapshot(disk.dir);
    disk.fill(0);
    const { code, stderr } = await census(
      "count",
      fixture("sample.jsonl"),
      "--tokenizer",
      "r50k_base",
      "--save",
      "--entry",
      "bsd",
      "--covers",
      "sample-file",
      "--catalog",
      copy.dir,
    );
    expect(code).toBe(1);
    expect(snapshot(disk.dir)).toEqual(before);
    expect(() => loadCatalog(copy!.dir)).not.toThrow();
    expect(stderr).toMatch(
      new RegExp(`${measurements}/count-bsd-sample-file-[^ ]*\\.json: .*no space left on the device`),
    );
    expect(stderr).not.toContain("?:");
  });

  it("census db --out leaves the previous database whole", async () => {
    disk = mountSmallDisk(16 * 1024 * 1024)!;
    const out = join(disk.dir, "catalog.sqlite");
    expect((await census("db", "--out", out)).code).toBe(0);
    const before = snapshot(disk.dir);
    disk.fill(16 * 1024);
    const { code, stderr } = await census("db", "--out", out);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`census db: ${out}: .*(no space left on the device|full)`));
    expect(snapshot(disk.dir)).toEqual(before);
  });

  it("census publish --out leaves the previous site whole", async () => {
    disk = mountSmallDisk(8 * 1024 * 1024)!;
    const out = join(disk.dir, "site");
    expect((await census("publish", "--out", out)).code).toBe(0);
    copy = new CatalogCopy();
    // The new files are larger than the old: rewriting them in place would run out of space too.
    copy.edit("bsd", (e) => {
      e.description.en = "A longer description. ".repeat(20_000);
    });
    const before = snapshot(disk.dir);
    disk.fill(300 * 1024);
    const { code, stderr } = await census("publish", "--out", out, "--catalog", copy.dir);
    expect(code).toBe(1);
    const after = snapshot(disk.dir);
    expect(
      [...after.keys()].filter((f) => after.get(f) !== before.get(f)),
      "files changed",
    ).toEqual([]);
    expect(after).toEqual(before);
    expect(stderr).toMatch(/no space left on the device/);
    expect(stderr).toContain(out);
    expect(stderr).not.toContain("?:");
  });

  it("census calibrate --out leaves the previous calibration whole", async () => {
    disk = mountSmallDisk(1024 * 1024)!;
    const out = join(disk.dir, "calibration.json");
    const args = ["--replicates", "10", "--id", "calibration-disk", "--out", out];
    expect(
      (await census("calibrate", `${fixture("sample.jsonl")}=en/web`, ...args, "--tokenizer", "r50k_base")).code,
    ).toBe(0);
    const before = snapshot(disk.dir);
    disk.fill(0);
    // More samples and tokenizers: a larger file, which would not fit where the old one was either.
    const { code, stderr } = await census(
      "calibrate",
      `${fixture("sample.jsonl")}=en/web`,
      `${fixture("sample.txt")}=en/fiction`,
      `${fixture("sample-ja.utf8.txt")}=ja/encyclopedia/lines`,
      ...args,
      "--tokenizer",
      "r50k_base,o200k_base",
    );
    expect(code).toBe(1);
    expect(snapshot(disk.dir)).toEqual(before);
    expect(stderr).toMatch(new RegExp(`${out}: .*no space left on the device`));
  });

  it("a check file is written whole or not at all", () => {
    disk = mountSmallDisk(256 * 1024)!;
    const check: CheckFile = {
      checkedOn: "2026-12-01",
      tool: { name: "corpus-census", version: "test" },
      userAgent: "test",
      only: null,
      urls: [],
    };
    const path = writeCheckFile(disk.dir, check);
    const before = snapshot(disk.dir);
    disk.fill(0);
    const bigger: CheckFile = {
      ...check,
      checkedOn: "2026-12-01",
      urls: Array.from({ length: 500 }, (_, i) => ({
        url: `https://example.org/${i}`,
        citedBy: [],
        status: 200,
        finalUrl: `https://example.org/${i}`,
        redirects: [],
        attempts: 1,
      })),
    };
    expect(() => writeCheckFile(disk!.dir, bigger)).toThrow(new RegExp(`^${path}: .*no space left on the device`));
    expect(snapshot(disk.dir)).toEqual(before);
  });
});

describe("a write that cannot be made", () => {
  it("names the path the user gave when the folder is a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-write-"));
    writeFileSync(join(dir, "file"), "x");
    const { code, stderr } = await census("db", "--out", join(dir, "file", "catalog.sqlite"));
    expect(code).toBe(1);
    expect(stderr).toContain(join(dir, "file", "catalog.sqlite"));
    expect(stderr).not.toContain("?:");
    expect(existsSync(join(dir, "file", "catalog.sqlite"))).toBe(false);
  });
});

describe("writeAtomically through a symbolic link", () => {
  it("replaces the file the link names and keeps the link, as writing in place did", () => {
    const dir = mkdtempSync(join(tmpdir(), "census-write-"));
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "checks.json"), "old\n");
    symlinkSync(join(dir, "real", "checks.json"), join(dir, "checks.json"));
    writeAtomically(join(dir, "checks.json"), "new\n");
    expect(lstatSync(join(dir, "checks.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real", "checks.json"), "utf8")).toBe("new\n");
    expect(readdirSync(join(dir, "real"))).toEqual(["checks.json"]);
  });
});
