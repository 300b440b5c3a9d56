import { RecordError } from "../formats/record-error.js";

/** Bytes per window of the binary check. */
const BINARY_WINDOW = 64 * 1024;
/** A window whose control bytes are at least this share of it, and at least MIN_CONTROL_BYTES, is binary. */
const CONTROL_SHARE = 0.01;
const MIN_CONTROL_BYTES = 8;

/**
 * Control bytes: C0 controls but tab, line feed, vertical tab, form feed, carriage return and
 * escape (ANSI colours in logs), and DEL; NUL among them. Text in UTF-8, Shift_JIS or EUC-JP
 * has none of them inside its characters, so they are bytes of binary data (about 11 % of
 * random bytes), or a stray few in real text.
 */
const CONTROL = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) CONTROL[b] = 1;
for (const b of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]) CONTROL[b] = 0;
CONTROL[0x7f] = 1;

/** Control bytes in bytes [from, to) (a function of its own: V8 optimises this loop far better outside a generator). */
function controlBytes(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let j = from; j < to; j++) n += CONTROL[bytes[j]!]!;
  return n;
}

/** Why these bytes (a window of at most 64 KiB from `start`) are binary, or undefined: the rule of refuseBinary, for one window. */
export function binaryWindowReason(bytes: Uint8Array, start = 0): string | undefined {
  const window = bytes.subarray(0, BINARY_WINDOW);
  return controlBytesReason(controlBytes(window, 0, window.length), window.length, start);
}

/** Why this window of the stream (starting at `start`) is binary, or undefined. */
function controlBytesReason(controls: number, length: number, start: number): string | undefined {
  if (controls < MIN_CONTROL_BYTES || controls < CONTROL_SHARE * length) return undefined;
  return `from byte ${start.toLocaleString("en-US")} on, ${controls.toLocaleString("en-US")} of ${length.toLocaleString("en-US")} bytes (${((100 * controls) / length).toFixed(1)} %) are control bytes (NUL and other C0 controls but tab, line and page breaks and escape, or DEL): binary data, not text (text with a few bad bytes is counted; at least ${100 * CONTROL_SHARE} % in a window of ${BINARY_WINDOW / 1024} KiB is refused)`;
}

/**
 * The stream's bytes unchanged, checked for binary data all through, not only at its start:
 * each successive window of 64 KiB (and the shorter last one) with at least 1 % control bytes
 * (and at least 8) ends the stream with a RecordError "not text: ...". Real text with a few bad
 * bytes passes, its invalid sequences counted as before.
 */
export async function* refuseBinary(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let start = 0;
  let filled = 0;
  let controls = 0;
  // The bytes of the window being checked: passed on once it is found to be text, so what was counted before a refusal is text.
  let pending: Uint8Array[] = [];
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await iterator.next();
    } catch (error) {
      // A broken stream (truncated, dropped): what was read before it is counted, if it is text.
      if (filled > 0 && controlBytesReason(controls, filled, start) === undefined) yield* pending;
      throw error;
    }
    if (next.done) break;
    const chunk = next.value;
    for (let i = 0; i < chunk.length; ) {
      const take = Math.min(chunk.length - i, BINARY_WINDOW - filled);
      controls += controlBytes(chunk, i, i + take);
      pending.push(take === chunk.length ? chunk : chunk.subarray(i, i + take));
      filled += take;
      i += take;
      if (filled === BINARY_WINDOW) {
        const reason = controlBytesReason(controls, filled, start);
        if (reason) throw new RecordError(`not text: ${reason}`);
        start += filled;
        filled = 0;
        controls = 0;
        yield* pending;
        pending = [];
      }
    }
  }
  const reason = filled > 0 ? controlBytesReason(controls, filled, start) : undefined;
  if (reason) throw new RecordError(`not text: ${reason}`);
  yield* pending;
}
