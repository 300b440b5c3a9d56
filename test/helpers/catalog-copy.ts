import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BUNDLED_CATALOG = join(REPO_ROOT, "catalog");

/** A private copy of the bundled catalog that a test may break. */
export class CatalogCopy {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "census-catalog-"));
    cpSync(BUNDLED_CATALOG, this.dir, { recursive: true });
  }

  /** The file of entry `id`, relative to the catalog folder. */
  fileOf(id: string): string {
    for (const list of ["ja", "en", "other", "current"]) {
      if (!existsSync(join(this.dir, "sources", list))) continue;
      if (readdirSync(join(this.dir, "sources", list)).includes(`${id}.json`)) return `sources/${list}/${id}.json`;
    }
    throw new Error(`no entry ${id} in the catalog copy`);
  }

  read(id: string): Record<string, any> {
    return JSON.parse(readFileSync(join(this.dir, this.fileOf(id)), "utf8"));
  }

  write(id: string, data: unknown): void {
    writeFileSync(join(this.dir, this.fileOf(id)), `${JSON.stringify(data, null, 2)}\n`);
  }

  /** Changes entry `id` with `edit`, which may mutate the parsed JSON in place. */
  edit(id: string, edit: (entry: Record<string, any>) => void): void {
    const data = this.read(id);
    edit(data);
    this.write(id, data);
  }

  /** Adds the fictional current-list entries of test/fixtures/current (see its README); returns their ids. */
  /** Replaces the copy's current list with the fictional fixtures, so tests do not move with the real list. */
  addCurrentFixtures(): string[] {
    const from = join(REPO_ROOT, "test/fixtures/current");
    const to = join(this.dir, "sources", "current");
    rmSync(to, { recursive: true, force: true });
    mkdirSync(to, { recursive: true });
    const files = readdirSync(from).filter((f) => f.endsWith(".json"));
    for (const file of files) cpSync(join(from, file), join(to, file));
    // The real current entries are gone: a publisher check that names one would point at nothing.
    const checksFile = join(this.dir, "publisher-checks.json");
    if (existsSync(checksFile)) {
      const checks = JSON.parse(readFileSync(checksFile, "utf8")) as { checks: { entry?: string }[] };
      const present = new Set(
        readdirSync(join(this.dir, "sources")).flatMap((list) =>
          readdirSync(join(this.dir, "sources", list)).map((f) => f.replace(/\.json$/, "")),
        ),
      );
      checks.checks = checks.checks.filter((c) => c.entry === undefined || present.has(c.entry));
      writeFileSync(checksFile, `${JSON.stringify(checks, null, 2)}\n`);
    }
    return files.map((f) => f.replace(/\.json$/, "")).sort();
  }

  writeRaw(relative: string, content: string): void {
    writeFileSync(join(this.dir, relative), content);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Points the store cache at a fresh folder, so tests never touch the user's cache. */
export function useTemporaryCache(): string {
  const dir = mkdtempSync(join(tmpdir(), "census-cache-"));
  process.env.CENSUS_CACHE_DIR = dir;
  return dir;
}
