import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";

beforeAll(() => {
  useTemporaryCache();
});

const A = Array.from({ length: 50 }, (_, i) => `document ${i} of a.`).join("\n\n") + "\n";
const B = Array.from({ length: 30 }, (_, i) => `document ${i} of b, a little longer.`).join("\n\n") + "\n";

async function countJson(...args: string[]) {
  const r = await census("count", ...args, "--tokenizer", "r50k_base", "--json");
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), "census-dedup-"));
  writeFileSync(join(dir, "a.txt"), A);
  writeFileSync(join(dir, "b.txt"), B);
  return dir;
}

describe("the same file reached by several names is counted once", () => {
  it("named twice, by a glob and by name, through a symlink", async () => {
    const dir = corpus();
    const once = await countJson(join(dir, "a.txt"), join(dir, "b.txt"));
    expect(once.inputs).toHaveLength(2);

    const twice = await countJson(join(dir, "a.txt"), join(dir, "a.txt"), join(dir, "b.txt"));
    expect(twice.total).toEqual(once.total);
    expect(twice.inputs.map((i: { input: string }) => i.input)).toEqual([join(dir, "a.txt"), join(dir, "b.txt")]);
    expect(twice.merged).toEqual([
      {
        input: join(dir, "a.txt"),
        realPath: realpathSync(join(dir, "a.txt")),
        names: [join(dir, "a.txt"), join(dir, "a.txt")],
      },
    ]);

    const globbed = await countJson(join(dir, "*.txt"), join(dir, "b.txt"));
    expect(globbed.total).toEqual(once.total);

    symlinkSync(join(dir, "a.txt"), join(dir, "link.txt"));
    const linked = await countJson(dir);
    expect(linked.total).toEqual(once.total);
    expect(linked.merged).toEqual([
      {
        input: join(dir, "a.txt"),
        realPath: realpathSync(join(dir, "a.txt")),
        names: [join(dir, "a.txt"), join(dir, "link.txt")],
      },
    ]);

    const table = await census("count", dir, "--tokenizer", "r50k_base");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`${join(dir, "a.txt")}: also named ${join(dir, "link.txt")} (the same file`);
    expect(table.stdout).toContain("counted once");
  });

  it("counts a Hugging Face cache folder as its snapshot, never refs/ or blobs/ twice", async () => {
    const dir = corpus();
    const repo = join(dir, "hub", "datasets--acme--corpus");
    mkdirSync(join(repo, "blobs"), { recursive: true });
    mkdirSync(join(repo, "refs"));
    writeFileSync(join(repo, "blobs", "1111"), A);
    writeFileSync(join(repo, "blobs", "2222"), B);
    writeFileSync(join(repo, "blobs", "0000"), "an old version of the file\n");
    writeFileSync(join(repo, "refs", "main"), "abc123");
    mkdirSync(join(repo, "snapshots", "abc123", "data"), { recursive: true });
    mkdirSync(join(repo, "snapshots", "old000", "data"), { recursive: true });
    symlinkSync("../../../blobs/1111", join(repo, "snapshots", "abc123", "data", "a.txt"));
    symlinkSync("../../../blobs/2222", join(repo, "snapshots", "abc123", "data", "b.txt"));
    symlinkSync("../../../blobs/0000", join(repo, "snapshots", "old000", "data", "a.txt"));
    const plain = await countJson(join(dir, "a.txt"), join(dir, "b.txt"));
    for (const given of [repo, join(dir, "hub")]) {
      const hub = await countJson(given);
      expect(hub.total).toEqual(plain.total);
      expect(hub.inputs.map((i: { input: string }) => i.input)).toEqual([
        join(repo, "snapshots", "abc123", "data", "a.txt"),
        join(repo, "snapshots", "abc123", "data", "b.txt"),
      ]);
      expect(hub.notes.join("\n")).toContain(
        `${repo}: a Hugging Face cache folder, counted as its snapshot abc123 (refs/main)`,
      );
    }
  });

  it("detects symlink cycles in a directory walk and names them", async () => {
    const dir = corpus();
    mkdirSync(join(dir, "sub"));
    symlinkSync("..", join(dir, "sub", "loop"));
    symlinkSync("self", join(dir, "self"));
    const plain = await countJson(join(dir, "a.txt"), join(dir, "b.txt"));
    const walked = await countJson(dir);
    expect(walked.total).toEqual(plain.total);
    const notes = walked.notes.join("\n");
    expect(notes).toContain(
      `${join(dir, "sub", "loop")}: a symlink cycle (back to ${realpathSync(dir)}); not followed`,
    );
    expect(notes).toContain(`${join(dir, "self")}: a symlink cycle`);
  });
});

describe("census estimate", () => {
  it("samples each file once and says which names were merged", async () => {
    const dir = corpus();
    symlinkSync(join(dir, "a.txt"), join(dir, "link.txt"));
    const r = await census("estimate", dir, "--sample", "1", "--tokenizer", "r50k_base", "--json");
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    const plain = await countJson(join(dir, "a.txt"), join(dir, "b.txt"));
    expect(result.estimate.documents.value).toBe(plain.total.documents);
    expect(result.notes.join("\n")).toContain(`${join(dir, "a.txt")}: also named ${join(dir, "link.txt")}`);
  });
});
