/** What a system error means, in words ("no such file or directory"); otherwise the error's message. */
export function errorWords(error: unknown): string {
  return systemErrorWords(error) ?? (error as Error | undefined)?.message ?? String(error);
}

/** An error's message for the user: Node's file errors ("ENOENT: no such file or directory, open 'x'") as "x: no such file or directory". */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const words = systemErrorWords(error);
  // A write to an open file (a full disk) has no path: the call that failed says what was being done.
  if (words) return e.path ? `${e.path}: ${words}` : `${words} (${e.syscall ?? e.code})`;
  return e?.message ?? String(error);
}
import { systemErrorWords } from "@corpus-census/common";
