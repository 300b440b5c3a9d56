// prepack/postpack of each package (node ../../scripts/bundle-package.mjs pack|clean, run in the
// package's folder): copies into the package what its tarball carries from the repository's root,
// the licence, and for @corpus-census/cli the catalog (catalog/ at the root stays the source of
// truth; the installed CLI reads the copy). postpack removes the copies again.
import { cpSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const [mode] = process.argv.slice(2);
const here = process.cwd();
const root = join(here, "..", "..");
const { name } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const copies = [["LICENSE", "LICENSE"], ...(name === "@corpus-census/cli" ? [["catalog", "catalog"]] : [])];

for (const [from, to] of copies) {
  rmSync(join(here, to), { recursive: true, force: true });
  if (mode === "pack") cpSync(join(root, from), join(here, to), { recursive: true });
}
