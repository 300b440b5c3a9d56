#!/usr/bin/env node
import { run } from "./run.js";
import { userDirectory } from "./user-directory.js";

// `census ... | head`: a reader that stops early is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
// `pnpm census` runs this in the repository root; the user's paths are relative to where they typed it.
process.chdir(userDirectory(process.env, process.cwd()));
process.exitCode = await run(process.argv.slice(2));
