/**
 * The directory the user's relative paths are relative to. pnpm and npm run a package's
 * script in the package's root and keep the directory they were called from in INIT_CWD:
 * under the repository's own `census` script (`pnpm census`, `pnpm -C <repo> census`), that
 * is where the user typed the command. Run any other way (a `census` on the PATH, node
 * main.js, or from another package's script, whose paths are written for its own root), it
 * is the process's working directory.
 */
export function userDirectory(env: NodeJS.ProcessEnv, cwd: string): string {
  const ourScript = env.npm_lifecycle_event === "census" && env.npm_package_name === "corpus-census";
  return ourScript && env.INIT_CWD ? env.INIT_CWD : cwd;
}
