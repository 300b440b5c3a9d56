import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A small tmpfs mounted for a test, to run out of space on; unmounted and removed by `remove`. */
export interface SmallDisk {
  dir: string;
  /** Bytes free on it now. */
  free(): number;
  /** Fills it until about `leave` bytes are free (a filler file of whole blocks). */
  fill(leave: number): void;
  remove(): void;
}

/**
 * Mounts a tmpfs of `bytes` (as root; `mount -t tmpfs`), or returns undefined where mounting is
 * not permitted, and the test that needs it is skipped.
 */
export function mountSmallDisk(bytes: number): SmallDisk | undefined {
  const dir = mkdtempSync(join(tmpdir(), "census-small-disk-"));
  const mounted =
    process.platform === "linux" &&
    spawnSync("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir], { stdio: "ignore" }).status === 0;
  if (!mounted) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  let fillers = 0;
  const free = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    free,
    fill(leave) {
      const size = free() - leave;
      if (size > 0) writeFileSync(join(dir, `.filler-${fillers++}`), Buffer.alloc(size));
    },
    remove() {
      spawnSync("umount", [dir], { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether this process may mount a tmpfs (the full-disk tests need one). */
export const CAN_MOUNT = (() => {
  const disk = mountSmallDisk(64 * 1024);
  disk?.remove();
  return disk !== undefined;
})();
