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

/** A one-line progress bar on stderr, only when stderr is a terminal. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update: (p: Progress) => void; done: () => void } | undefined {
  if (!stream.isTTY) return undefined;
  const started = Date.now();
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
      const seconds = (Date.now() - started) / 1000;
      const rate = (bytesBefore + p.inputBytes) / Math.max(seconds, 1e-3);
      const share = p.size ? Math.min(1, p.inputBytes / p.size) : undefined;
      const width = 24;
      const bar = share === undefined ? "" : `[${"#".repeat(Math.round(share * width)).padEnd(width, ".")}] ${(share * 100).toFixed(0).padStart(3)}% `;
      const eta = share !== undefined && p.size ? ` ETA ${formatDuration((p.size - p.inputBytes) / Math.max(rate, 1))}` : "";
      const line = `${p.inputCount > 1 ? `${p.inputIndex + 1}/${p.inputCount} ` : ""}${bar}${formatBytes(p.inputBytes)}${p.size ? ` of ${formatBytes(p.size)}` : ""}, ${p.documents.toLocaleString("en-US")} docs, ${(rate / 1e6).toFixed(1)} MB/s${eta}`;
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
    },
    done() {
      stream.write("\r\x1b[2K");
    },
  };
}
