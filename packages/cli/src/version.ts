import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "./package-files.js";

/** The version in this package's package.json (the workspace's versions move in step), recorded with every measurement. */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL("package.json", PACKAGE_ROOT), "utf8")) as { version: string }
).version;
