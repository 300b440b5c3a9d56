import { existsSync, readFileSync } from "node:fs";

/** This package's root: packages/cli in the repository, node_modules/@corpus-census/cli once installed. */
export const PACKAGE_ROOT = new URL("../", import.meta.url);

/** The repository's root when this package runs from its checkout (the root package.json is corpus-census's), else undefined. */
function repositoryRoot(): URL | undefined {
  const root = new URL("../../", PACKAGE_ROOT);
  try {
    const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { name?: string };
    return pkg.name === "corpus-census" && existsSync(new URL("catalog/schema.json", root)) ? root : undefined;
  } catch {
    return undefined;
  }
}

export const REPOSITORY_ROOT: URL | undefined = repositoryRoot();
