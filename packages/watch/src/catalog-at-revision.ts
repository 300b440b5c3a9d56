import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

/** A catalog version to compare: a folder as it is, or the catalog folder at a git revision. */
export interface CatalogVersion {
  /** The folder to read (for a revision: a temporary extraction). */
  dir: string;
  /** How the version is named in output and in changes.json: the folder, or "git:REV (commit)". */
  label: string;
  /** The commit's date for a revision (YYYY-MM-DD). */
  date?: string;
  /** Removes a temporary extraction; a no-op for a folder. */
  dispose(): void;
}

function git(repo: string, args: string[]): string {
  return execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * Resolves what the user named: an existing folder is a catalog folder; anything else is a git
 * revision of the repository that holds `catalogDir`, whose catalog is extracted with git archive.
 */
export function openCatalogVersion(spec: string, catalogDir: string, cwd = process.cwd()): CatalogVersion {
  const asPath = resolve(cwd, spec);
  if (isDirectory(asPath)) return { dir: asPath, label: relative(cwd, asPath) || ".", dispose() {} };
  let top: string;
  try {
    top = git(catalogDir, ["rev-parse", "--show-toplevel"]);
  } catch {
    throw new Error(`"${spec}" is neither a folder nor a git revision: ${catalogDir} is not in a git repository`);
  }
  let commit: string;
  try {
    commit = git(top, ["rev-parse", "--verify", "--quiet", `${spec}^{commit}`]);
  } catch {
    throw new Error(`"${spec}" is neither a folder nor a git revision of ${top}`);
  }
  const inRepo = relative(top, resolve(catalogDir)) || ".";
  const out = mkdtempSync(join(tmpdir(), "census-catalog-"));
  try {
    const tar = execFileSync("git", ["-C", top, "archive", "--format=tar", commit, "--", inRepo], {
      maxBuffer: 1 << 30,
      stdio: ["ignore", "pipe", "pipe"],
    });
    execFileSync("tar", ["-x", "-C", out], { input: tar });
  } catch (error) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(
      `cannot read ${inRepo}/ at ${spec} (${commit.slice(0, 10)}): ${(error as Error).message.split("\n")[0]}`,
    );
  }
  const date = git(top, ["show", "-s", "--format=%cs", commit]);
  return {
    dir: join(out, inRepo),
    label: `git:${spec} (${commit.slice(0, 10)})`,
    date,
    dispose: () => rmSync(out, { recursive: true, force: true }),
  };
}
