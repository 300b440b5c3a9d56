import { readFileSync } from "node:fs";

/** The version in the root package.json, recorded with every measurement. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;
