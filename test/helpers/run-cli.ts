import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { run } from "../../packages/cli/src/run.js";
import { REPO_ROOT } from "./catalog-copy.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process, capturing what it writes. */
export async function census(...argv: string[]): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(argv, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** Runs the built CLI as a user would, in a child process. */
export function censusProcess(args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, "packages/cli/dist/main.js"), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
