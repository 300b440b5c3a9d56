// Packs every workspace package into one folder (node scripts/pack-workspace.mjs DEST), as
// publishing would: `pnpm pack` runs each package's prepack (build, licence, the CLI's catalog)
// and writes its workspace:* dependencies as the versions they have. Prints the tarballs' paths.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dest = resolve(process.argv[2] ?? "census-pack");
mkdirSync(dest, { recursive: true });
for (const name of readdirSync(join(root, "packages")).sort()) {
  execFileSync("pnpm", ["pack", "--pack-destination", dest], {
    cwd: join(root, "packages", name),
    stdio: ["ignore", "ignore", "inherit"],
  });
}
for (const file of readdirSync(dest).sort()) if (file.endsWith(".tgz")) console.log(join(dest, file));
