import { terminalText } from "./terminal-text.js";
import type { Progress } from "@corpus-census/count";

function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m${String(s % 60).padStart(2, "0")}s`;
}

/** Seconds of counting before an ETA is shown: the first reads fill the workers' queues, faster than they count. */
const ETA_AFTER_SECONDS = 1;

/**
 * A one-line progress bar on stderr, only when stderr is a terminal. The rate is measured from
 * the first report on, not from the start: loading the tokenizers (seconds, the first time)
 * is not reading, and counting it made the first ETA many times too long.
 */
export function progressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): { update: (p: Progress) => void; done: () => void } | undefined {
  const status = statusLine(stream);
  if (!status) return undefined;
  let first: { at: number; bytes: number } | undefined;
  let bytesBefore = 0;
  let lastInput = -1;
  let lastBytes = 0;
  return {
    update(p) {
      if (p.inputIndex !== lastInput) {
        bytesBefore += lastBytes;
        lastInput = p.inputIndex;
      }
      lastBytes = p.inputBytes;
      const read = bytesBefore + p.inputBytes;
      first ??= { at: now(), bytes: read };
      const seconds = (now() - first.at) / 1000;
      const rate = seconds > 0 ? (read - first.bytes) / seconds : undefined;
      const share = p.size ? Math.min(1, p.inputBytes / p.size) : undefined;
      const width = 24;
      const bar =
        share === undefined
          ? ""
          : `[${"#".repeat(Math.round(share * width)).padEnd(width, ".")}] ${(share * 100).toFixed(0).padStart(3)}% `;
      const eta =
        share !== undefined && p.size && rate !== undefined && seconds >= ETA_AFTER_SECONDS
          ? ` ETA ${formatDuration((p.size - p.inputBytes) / Math.max(rate, 1))}`
          : "";
      const line = `${p.inputCount > 1 ? `${p.inputIndex + 1}/${p.inputCount} ` : ""}${bar}${formatBytes(p.inputBytes)}${p.size ? ` of ${formatBytes(p.size)}` : ""}, ${p.documents.toLocaleString("en-US")} docs${rate === undefined ? "" : `, ${(rate / 1e6).toFixed(1)} MB/s`}${eta}`;
      status.set(line);
    },
    done: status.done,
  };
}

/** A one-line status on stderr, rewritten in place, only when stderr is a terminal (estimate, calibrate). */
export function statusLine(
  stream: NodeJS.WriteStream = process.stderr,
): { set: (text: string) => void; done: () => void } | undefined {
  if (!stream.isTTY) return undefined;
  return {
    set: (text) => stream.write(`\r\x1b[2K${terminalText(text).slice(0, (stream.columns || 100) - 1)}`),
    done: () => stream.write("\r\x1b[2K"),
  };
}
