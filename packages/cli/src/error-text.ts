/** What a system error means, in words ("no such file or directory"); otherwise the error's message. */
export function errorWords(error: unknown): string {
  return systemErrorWords(error) ?? (error as Error | undefined)?.message ?? String(error);
}

/** An error's message for the user: Node's file errors ("ENOENT: no such file or directory, open 'x'") as "x: no such file or directory". */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const words = systemErrorWords(error);
  if (words) return `${e.path ?? "?"}: ${words}`;
  return e?.message ?? String(error);
}
import { systemErrorWords } from "@corpus-census/common";
