/** Node's system error codes, in the words census prints instead of them. */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
  EMFILE: "too many open files",
};

/** What a system error means, in words ("no such file or directory"), or undefined if it is not one census knows. */
export function systemErrorWords(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? SYSTEM_ERRORS[code] : undefined;
}

/** Why a path could not be read: the system error in words, else "cannot read it (CODE or message)". */
export function systemErrorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return systemErrorWords(error) ?? `cannot read it (${e?.code ?? e?.message ?? String(error)})`;
}
