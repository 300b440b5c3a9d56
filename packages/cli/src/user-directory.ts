/**
 * The directory the user's relative paths are relative to. A package manager runs a script in
 * the package's root and keeps the directory it was called from in INIT_CWD (pnpm and npm
 * both); the root package's `census` script is run that way, and so is a user's own script
 * that calls `census`. Run directly (a `census` on the PATH, node main.js), it is the process's own.
 */
export function userDirectory(env: NodeJS.ProcessEnv, cwd: string): string {
  return env.npm_lifecycle_event !== undefined && env.INIT_CWD ? env.INIT_CWD : cwd;
}
