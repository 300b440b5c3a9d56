import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Every file under `dir` (relative path -> bytes), hidden ones included, but those `skip` names: what a test compares before and after a write. */
export function filesUnder(dir: string, skip: (relative: string) => boolean = () => false): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (d.isDirectory()) continue;
    const path = join(d.parentPath, d.name);
    const name = relative(dir, path);
    if (!skip(name)) files.set(name, readFileSync(path));
  }
  return files;
}
