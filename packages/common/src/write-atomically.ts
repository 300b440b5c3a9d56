import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { systemErrorWords } from "./system-error-text.js";

let serial = 0;

/** A temporary name beside `path` (same directory, so the rename never crosses a file system), unique to this process and call. */
export function temporaryPathBeside(path: string, tag = "tmp"): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${process.pid}-${++serial}`);
}

/**
 * A failed write, named by the path the user asked for (not the temporary one): its message is
 * "PATH: no space left on the device", and it keeps the system error's code and the path.
 */
export class WriteError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const e = cause as NodeJS.ErrnoException | undefined;
    super(`${path}: cannot write it: ${systemErrorWords(cause) ?? e?.message ?? String(cause)}`, { cause });
    this.name = "WriteError";
    this.code = e?.code;
  }
}

/**
 * Creates directory `dir` and its parents. Where a part of it is a file, mkdir says only
 * "EEXIST, mkdir 'dir'"; the error names the part that is not a directory instead.
 */
function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    let part = dir;
    while (!existsSync(part) && dirname(part) !== part) part = dirname(part);
    throw new Error(`${part} is not a directory`, { cause: error });
  }
}

/** Writes all of `content` to `fd` and flushes it to the disk. */
function writeAll(fd: number, content: string | Uint8Array): void {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  fsyncSync(fd);
}

/** Flushes a file that is already written (a SQLite database, say) to the disk. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Where `path` leads when it is (or lies in) a symbolic link to something that exists; else `path` itself. */
export function resolvedTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Removes a temporary file or folder if it is there; a failure to clean up never hides the error that made it needed. */
export function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // nothing to remove, or nothing that can be
  }
}

/**
 * Flushes a directory's entries, so a rename into it survives a power cut. File systems that
 * cannot sync a directory (some network and Windows ones) say so with an error, which is not
 * the write's failure.
 */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!["EINVAL", "EISDIR", "EPERM", "EBADF", "ENOTSUP"].includes((error as NodeJS.ErrnoException).code ?? ""))
      throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` whole or not at all: `fill` writes a temporary file beside it, which is
 * flushed to the disk and renamed over `path` (and the directory flushed). If anything fails,
 * the temporary file is removed, `path` keeps what it held, and a WriteError names `path`.
 */
export function replaceAtomically(path: string, fill: (temporary: string) => void): void {
  // A symbolic link is followed, as writing in place followed it: its target is replaced, not the link.
  const target = resolvedTarget(path);
  const temporary = temporaryPathBeside(target);
  try {
    makeDirectory(dirname(target));
    fill(temporary);
    fsyncFile(temporary);
    renameSync(temporary, target);
    fsyncDirectory(dirname(target));
  } catch (error) {
    removeQuietly(temporary);
    throw error instanceof WriteError ? error : new WriteError(path, error);
  }
}

/** Creates `path` (it must not exist) with `content`, flushed to the disk before it returns. */
export function writeNewFileSynced(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, "wx");
  try {
    writeAll(fd, content);
  } finally {
    closeSync(fd);
  }
}

/** Writes `content` to `path` through a temporary file, fsync and rename: a reader, a kill or a full disk never leaves half a file. */
export function writeAtomically(path: string, content: string | Uint8Array): void {
  replaceAtomically(path, (temporary) => writeNewFileSynced(temporary, content));
}

/**
 * Writes `content` under the first name `nameFor(n)` (n = 1, 2, ...) that does not exist yet,
 * whole or not at all, and never over another file, even one another process creates at the
 * same moment (a hard link fails when the name is taken; where the file system has no hard
 * links, the name is checked and then renamed to, which a process racing for it could pass). `contentFor(n)` may put the name in
 * the content. Returns the path written.
 */
export function writeNew(nameFor: (n: number) => string, contentFor: (n: number) => string | Uint8Array): string {
  for (let n = 1; ; n++) {
    const path = nameFor(n);
    const temporary = temporaryPathBeside(path);
    try {
      makeDirectory(dirname(path));
      writeNewFileSynced(temporary, contentFor(n));
      try {
        linkSync(temporary, path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "";
        if (code === "EEXIST") continue;
        // A file system without hard links (some network and FAT ones): checked, then renamed.
        if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"].includes(code)) throw error;
        if (existsSync(path)) continue;
        renameSync(temporary, path);
      }
      fsyncDirectory(dirname(path));
      return path;
    } catch (error) {
      throw error instanceof WriteError ? error : new WriteError(path, error);
    } finally {
      removeQuietly(temporary);
    }
  }
}
