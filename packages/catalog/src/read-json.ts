import { readFileSync } from "node:fs";
import type { z } from "zod";

/**
 * Reads a JSON file and checks it against `schema`. An error names the file and, for a file that
 * does not fit, the first field that does not ("(file)" for the file as a whole); `what` says
 * what the file should be ("change log", "check file").
 */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: string): T {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: not a readable JSON ${what} (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join(".") || "(file)"}: ${issue.message}`);
  }
  return parsed.data;
}
