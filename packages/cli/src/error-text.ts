const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
  EMFILE: "too many open files",
};

/** What a system error means, in words ("no such file or directory"); otherwise the error's message. */
export function errorWords(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return (e && typeof e.code === "string" && SYSTEM_ERRORS[e.code]) || (e?.message ?? String(error));
}

/** An error's message for the user: Node's file errors ("ENOENT: no such file or directory, open 'x'") as "x: no such file or directory". */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === "string" && SYSTEM_ERRORS[e.code]) return `${e.path ?? "?"}: ${SYSTEM_ERRORS[e.code]}`;
  return e?.message ?? String(error);
}
