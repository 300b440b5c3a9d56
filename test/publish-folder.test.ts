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
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { CAN_MOUNT, mountSmallDisk } from "./helpers/small-disk.js";

/** census publish --out replaces the folder whole: what the catalog no longer holds goes, nothing else is touched. */
describe("census publish --out an existing folder", () => {
  let copy: CatalogCopy;
  beforeAll(() => {
    useTemporaryCache();
    copy = new CatalogCopy();
  });
  afterAll(() => copy.remove());

  it("removes the files of an entry no longer in the catalog", async () => {
    const parent = mkdtempSync(join(tmpdir(), "census-publish-"));
    const out = join(parent, "site");
    expect((await census("publish", "--out", out, "--catalog", copy.dir)).code).toBe(0);
    // Two entries go: one with Croissant metadata, one without.
    const described = readdirSync(join(out, "croissant")).map((f) => f.replace(/\.json$/, ""));
    const gone = [
      described[0]!,
      readdirSync(join(out, "entries"))
        .map((f) => f.replace(/\.json$/, ""))
        .find((id) => !described.includes(id))!,
    ];
    for (const g of gone) expect(existsSync(join(out, "entries", `${g}.json`))).toBe(true);
    const removed = new CatalogCopy();
    try {
      for (const g of gone) rmSync(join(removed.dir, removed.fileOf(g)));
      // Flags that point at a removed entry would make the catalog invalid: drop them.
      for (const list of ["ja", "en", "other", "current"]) {
        const folder = join(removed.dir, "sources", list);
        if (!existsSync(folder)) continue;
        for (const f of readdirSync(folder)) {
          const e = JSON.parse(readFileSync(join(folder, f), "utf8"));
          const flags = e.flags.filter((x: { target?: string }) => !gone.includes(x.target ?? ""));
          const parts = e.parts?.filter((p: string) => !gone.includes(p));
          if (
            flags.length !== e.flags.length ||
            (parts && parts.length !== e.parts.length) ||
            gone.includes(e.partOf)
          ) {
            e.flags = flags;
            if (parts) e.parts = parts;
            if (gone.includes(e.partOf)) delete e.partOf;
            writeFileSync(join(folder, f), `${JSON.stringify(e, null, 2)}\n`);
          }
        }
      }
      const { code, stderr } = await census("publish", "--out", out, "--catalog", removed.dir);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      for (const g of gone) {
        expect(existsSync(join(out, "entries", `${g}.json`))).toBe(false);
        expect(existsSync(join(out, "croissant", `${g}.json`))).toBe(false);
      }
      // Nothing of the swap is left beside the folder.
      expect(readdirSync(parent)).toEqual(["site"]);
      // And the result is what publishing into a new folder gives, byte for byte.
      const fresh = join(parent, "fresh");
      expect((await census("publish", "--out", fresh, "--catalog", removed.dir)).code).toBe(0);
      const list = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
      expect(list(out)).toEqual(list(fresh));
      for (const f of list(fresh))
        if (!f.endsWith("entries") && !f.endsWith("croissant"))
          expect(readFileSync(join(out, f)).equals(readFileSync(join(fresh, f)))).toBe(true);
    } finally {
      removed.remove();
    }
  });

  it("refuses a folder holding files it did not write, and leaves it as it was", async () => {
    const out = mkdtempSync(join(tmpdir(), "census-publish-"));
    writeFileSync(join(out, "notes.txt"), "mine\n");
    mkdirSync(join(out, "entries"));
    writeFileSync(join(out, "entries", "keep.md"), "mine too\n");
    const { code, stderr } = await census("publish", "--out", out, "--catalog", copy.dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`${out}: holds files census publish did not write (entries/keep.md, notes.txt)`);
    expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual([
      "entries",
      "entries/keep.md",
      "notes.txt",
    ]);
  });

  it("removes what a killed publish left beside the folder", async () => {
    const parent = mkdtempSync(join(tmpdir(), "census-publish-"));
    // A process id far above any pid_max: no process has it.
    mkdirSync(join(parent, ".site.publish-new-99999999-1"));
    writeFileSync(join(parent, ".site.publish-new-99999999-1", "index.html"), "<html");
    expect((await census("publish", "--out", join(parent, "site"), "--catalog", copy.dir)).code).toBe(0);
    expect(readdirSync(parent)).toEqual(["site"]);
  });
});

describe("census publish --out a symbolic link", () => {
  it("replaces the folder the link names and keeps the link", async () => {
    useTemporaryCache();
    const parent = mkdtempSync(join(tmpdir(), "census-publish-"));
    mkdirSync(join(parent, "real"));
    symlinkSync(join(parent, "real"), join(parent, "site"));
    expect((await census("publish", "--out", join(parent, "site"))).code).toBe(0);
    expect(lstatSync(join(parent, "site")).isSymbolicLink()).toBe(true);
    expect(existsSync(join(parent, "real", "index.html"))).toBe(true);
    expect((await census("publish", "--out", join(parent, "site"))).code).toBe(0);
    expect(lstatSync(join(parent, "site")).isSymbolicLink()).toBe(true);
    expect(readdirSync(parent).sort()).toEqual(["real", "site"]);
  });
});

describe.skipIf(!CAN_MOUNT)("census publish --out a mount point", () => {
  it("replaces each file whole in place (a mount point cannot be renamed) and removes stale entries", async () => {
    useTemporaryCache();
    const disk = mountSmallDisk(16 * 1024 * 1024)!;
    const copy = new CatalogCopy();
    try {
      writeFileSync(join(disk.dir, "notes.txt"), "mine\n");
      expect((await census("publish", "--out", disk.dir)).code).toBe(0);
      const gone = readdirSync(join(disk.dir, "croissant"))[0]!;
      rmSync(join(copy.dir, copy.fileOf(gone.replace(/\.json$/, ""))));
      const { code, stderr } = await census("publish", "--out", disk.dir, "--catalog", copy.dir);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(existsSync(join(disk.dir, "croissant", gone))).toBe(false);
      expect(existsSync(join(disk.dir, "entries", gone))).toBe(false);
      expect(readFileSync(join(disk.dir, "notes.txt"), "utf8")).toBe("mine\n");
      expect(readFileSync(join(disk.dir, "index.html"), "utf8").trimEnd().endsWith("</html>")).toBe(true);
      expect(readdirSync(disk.dir).filter((n) => n.startsWith("."))).toEqual([]);
    } finally {
      copy.remove();
      disk.remove();
    }
  });
});
