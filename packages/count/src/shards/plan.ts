import { closeSync, openSync, readSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { systemErrorText } from "@corpus-census/common";
import { peek } from "../input/byte-source.js";
import { sniffCompression } from "../input/decompress.js";
import { InputError, isUrl, openInput } from "../input/open.js";
import { headResource, hubHeaders } from "@corpus-census/common";
import { sniffFormat, type Format } from "../formats/detect.js";
import { isCuttable, type CuttableFormat } from "./boundary-cut.js";
import type { CountItem } from "../count-inputs.js";

/** An input of a job as the job's identity records it: a changed size or validator is another job. */
export interface JobInput {
  input: string;
  /** Bytes (file size, Content-Length); null when the server does not say. */
  size: number | null;
  etag?: string;
  lastModified?: string;
  /** A local file's modification time (ISO, ms): a file edited in place at the same size is another job. */
  mtime?: string;
  /** sha256 (16 hex digits) of a local file's first and last 64 KiB: an edit that kept the time too. */
  ends?: string;
}

const ENDS_BYTES = 64 * 1024;

/** sha256 of the first and last 64 KiB of a file (the whole of a smaller one), 16 hex digits. */
function fileEnds(path: string, size: number): string {
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  try {
    const read = (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, buffer, got, length - got, position + got);
        if (n === 0) break;
        got += n;
      }
      hash.update(buffer.subarray(0, got));
    };
    read(0, Math.min(size, ENDS_BYTES));
    if (size > ENDS_BYTES)
      read(Math.max(ENDS_BYTES, size - ENDS_BYTES), size - Math.max(ENDS_BYTES, size - ENDS_BYTES));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex").slice(0, 16);
}

/** The size, modification time and ends of a local file, as a job records them. */
export function describeLocalFile(path: string): { size: number; mtime: string; ends: string } {
  const stat = statSync(path);
  return { size: stat.size, mtime: stat.mtime.toISOString(), ends: fileEnds(path, stat.size) };
}

/** An input as planning needs it. */
interface DescribedInput extends JobInput {
  /** Local files always; URLs whose server says Accept-Ranges: bytes. */
  rangeable: boolean;
}

/** Sizes (and, for URLs, ETag and Last-Modified by a HEAD request, 8 at a time) of the inputs. */
export async function describeInputs(names: string[]): Promise<DescribedInput[]> {
  const out: DescribedInput[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const input = names[i]!;
      if (input === "-") throw new InputError("-: stdin cannot be shared between shards; name files or URLs");
      if (isUrl(input)) {
        let head;
        try {
          head = await headResource(input, hubHeaders(input));
        } catch (error) {
          throw new InputError((error as Error).message);
        }
        out[i] = {
          input,
          size: head.size ?? null,
          ...(head.etag ? { etag: head.etag } : {}),
          ...(head.lastModified ? { lastModified: head.lastModified } : {}),
          rangeable: head.acceptsRanges && head.size !== undefined,
        };
      } else {
        let local: ReturnType<typeof describeLocalFile>;
        try {
          local = describeLocalFile(input);
        } catch (error) {
          throw new InputError(`${input}: ${systemErrorText(error)}`);
        }
        out[i] = { input, ...local, rangeable: true };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, names.length) }, worker));
  return out;
}

const PROBE_BYTES = 64 * 1024;

/**
 * The format a share of this input can be cut in, from its first bytes, or undefined: a
 * compressed input cannot be entered in the middle, and Parquet and MediaWiki XML are not made
 * of lines.
 */
export async function cuttableFormat(input: string, format: Format | undefined): Promise<CuttableFormat | undefined> {
  const source = await openInput(input, { start: 0, end: PROBE_BYTES });
  const { head, chunks } = await peek(source.chunks, PROBE_BYTES);
  for await (const _ of chunks) void _; // the rest of the 64 KiB asked for
  if (sniffCompression(head) !== "none") return undefined;
  const sniffed = format ?? sniffFormat(head);
  return isCuttable(sniffed) ? sniffed : undefined;
}

/** A share of the work: inputs whole or byte ranges of them, with the bytes they weigh. */
export interface WorkItem extends CountItem {
  bytes: number;
}

/**
 * Shares the inputs among `shards` deterministically: an input that is larger than one shard's
 * share and can be cut (`cutFormats`) is cut into equal byte ranges, one per share it weighs;
 * then items go, largest first (ties by name and offset), each to the shard with the fewest
 * bytes so far (ties to the lowest index). The same inputs with the same sizes give the same
 * plan on every machine.
 */
export function planShards(
  inputs: DescribedInput[],
  shards: number,
  cutFormats: ReadonlyMap<string, CuttableFormat>,
): WorkItem[][] {
  const total = inputs.reduce((n, i) => n + (i.size ?? 0), 0);
  const share = total / shards;
  const items: WorkItem[] = [];
  for (const input of inputs) {
    const size = input.size ?? 0;
    const format = cutFormats.get(input.input);
    const parts = format && shards > 1 && size > share ? Math.min(shards, Math.ceil(size / share)) : 1;
    if (parts === 1 || !format) {
      items.push({ input: input.input, bytes: size });
      continue;
    }
    for (let k = 0; k < parts; k++) {
      const start = Math.floor((k * size) / parts);
      const end = Math.floor(((k + 1) * size) / parts);
      items.push({ input: input.input, range: { start, end, format }, bytes: end - start });
    }
  }
  const order = [...items].sort(
    (a, b) =>
      b.bytes - a.bytes ||
      (a.input < b.input ? -1 : a.input > b.input ? 1 : 0) ||
      (a.range?.start ?? 0) - (b.range?.start ?? 0),
  );
  const plan: WorkItem[][] = Array.from({ length: shards }, () => []);
  const load = new Array<number>(shards).fill(0);
  for (const item of order) {
    let best = 0;
    for (let k = 1; k < shards; k++) if (load[k]! < load[best]!) best = k;
    plan[best]!.push(item);
    load[best]! += item.bytes;
  }
  // Within a shard, in input order: reads go through the files as they lie.
  for (const share of plan)
    share.sort(
      (a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0) || (a.range?.start ?? 0) - (b.range?.start ?? 0),
    );
  return plan;
}
