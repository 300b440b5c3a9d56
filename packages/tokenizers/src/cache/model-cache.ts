import { createHash } from "node:crypto";
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";
import { cacheRoot } from "@corpus-census/common";
import type { CounterModel } from "../spec.js";
import type { TokenizerSpec } from "../tokenizer-spec.js";

/**
 * The tables a tokenizer's model is built into (seconds for o200k_base: parsing 200k ranks,
 * finding every merge), kept on disk and read back in milliseconds. A file is named by a hash
 * of the tokenizer's definition (its files' bytes and the spec) and of the code that builds
 * models, so a changed vocabulary or a changed builder never reads an old table. Files are
 * written under a temporary name and renamed (a reader sees a whole file or none, and two
 * runs writing the same model leave one of two identical files); on read the magic, the key
 * and a CRC-32 of the tables are checked, and anything wrong means the model is built again.
 */

const MAGIC = "CENSUSM1";
const ALIGN = 8;

type ArrayKind = "Uint8Array" | "Uint16Array" | "Int32Array" | "Uint32Array" | "Float64Array" | "Float32Array" | "Int8Array" | "Int16Array";
const ARRAYS: Record<ArrayKind, { new (buffer: ArrayBufferLike, offset: number, length: number): ArrayBufferView; BYTES_PER_ELEMENT: number }> = {
  Uint8Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float64Array,
  Float32Array,
  Int8Array,
  Int16Array,
};

interface Header {
  key: string;
  /** The model with each typed array replaced by where its bytes are in the payload. */
  layout: unknown;
  segmentable: boolean;
  payloadBytes: number;
  crc: number;
}

type ArrayRef = { $array: ArrayKind; offset: number; length: number };

const require = createRequire(import.meta.url);

let codeVersion: string | undefined;

/** A hash of the modules that build models (this folder's parent, compiled or not) and of the Node that runs them (its ICU decides regexes). */
function modelCodeVersion(): string {
  if (codeVersion) return codeVersion;
  const hash = createHash("sha256");
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (/\.(js|ts)$/.test(name) && !name.endsWith(".d.ts")) hash.update(name).update(readFileSync(path));
    }
  };
  visit(root);
  hash.update(`${process.version} ${process.versions.icu} ${process.versions.unicode}`);
  codeVersion = hash.digest("hex");
  return codeVersion;
}

/** The files a spec's model is built from (a tokenizer.json's config is not among them). */
export function definitionFiles(spec: TokenizerSpec): string[] {
  if (spec.kind === "tiktoken") return [require.resolve(`tiktoken/encoders/${spec.encoding}.json`)];
  return [spec.path];
}

/** Keys found in this thread, by spec and the files' sizes and times: a loader reads, misses, builds and writes with one hash of the files. */
const keys = new Map<string, string>();

/** The cache key of a spec's model; undefined when its files cannot be read (building will say why). */
function modelKey(spec: TokenizerSpec): string | undefined {
  try {
    const files = definitionFiles(spec);
    const seen = JSON.stringify([spec, files.map((f) => { const s = statSync(f); return [s.size, s.mtimeMs]; })]);
    const known = keys.get(seen);
    if (known) return known;
    const hash = createHash("sha256").update(modelCodeVersion()).update(JSON.stringify(spec));
    for (const file of files) hash.update(readFileSync(file));
    const key = hash.digest("hex");
    keys.set(seen, key);
    return key;
  } catch {
    return undefined;
  }
}

export function modelCacheDir(): string {
  return join(cacheRoot(), "models");
}

function fileOf(key: string): string {
  return join(modelCacheDir(), `${key.slice(0, 32)}.model`);
}

/** The cached model of `spec`, in shared memory, or undefined (not cached, or the file is not whole). */
export function readCachedModel(spec: TokenizerSpec): { model: CounterModel; segmentable: boolean } | undefined {
  const key = modelKey(spec);
  if (!key) return undefined;
  let fd: number;
  try {
    fd = openSync(fileOf(key), "r");
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    // Read straight into shared memory: the workers use these tables without a copy.
    const memory = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const n = readSync(fd, memory, at, size - at, at);
      if (n === 0) return undefined;
      at += n;
    }
    const bytes = Buffer.from(memory.buffer, 0, size);
    if (size < 12 || bytes.toString("latin1", 0, 8) !== MAGIC) return undefined;
    const headerBytes = bytes.readUInt32LE(8);
    const payloadStart = align(12 + headerBytes);
    if (payloadStart > size) return undefined;
    const header = JSON.parse(bytes.toString("utf8", 12, 12 + headerBytes)) as Header;
    if (header.key !== key || payloadStart + header.payloadBytes !== size) return undefined;
    if (crc32(memory.subarray(payloadStart)) !== header.crc) return undefined;
    const model = revive(header.layout, memory.buffer, payloadStart) as CounterModel;
    return { model: { ...model, id: spec.id } as CounterModel, segmentable: header.segmentable };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Keeps `model` for the next run. Failing to write (a read-only cache) only costs the next run the time to build it. */
export function writeCachedModel(spec: TokenizerSpec, model: CounterModel, segmentable: boolean): void {
  if (model.kind === "library") return; // the library reads its own files
  const key = modelKey(spec);
  if (!key) return;
  const arrays: ArrayBufferView[] = [];
  let payloadBytes = 0;
  const layout = flatten(model, (view) => {
    const offset = payloadBytes;
    arrays.push(view);
    payloadBytes = align(payloadBytes + view.byteLength);
    return offset;
  });
  const payload = new Uint8Array(payloadBytes);
  let offset = 0;
  for (const view of arrays) {
    payload.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), offset);
    offset = align(offset + view.byteLength);
  }
  const header: Header = { key, layout, segmentable, payloadBytes, crc: crc32(payload) };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const head = Buffer.alloc(align(12 + headerBytes.length));
  head.write(MAGIC, 0, "latin1");
  head.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(head, 12);
  const file = fileOf(key);
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, Buffer.concat([head, payload]));
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function flatten(value: unknown, place: (view: ArrayBufferView) => number): unknown {
  if (ArrayBuffer.isView(value)) {
    const kind = value.constructor.name as ArrayKind;
    if (!(kind in ARRAYS)) throw new Error(`cannot cache a ${kind}`);
    return { $array: kind, offset: place(value), length: value.byteLength / ARRAYS[kind].BYTES_PER_ELEMENT } satisfies ArrayRef;
  }
  if (Array.isArray(value)) return value.map((item) => flatten(item, place));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flatten(v, place)]));
  return value;
}

function revive(layout: unknown, buffer: ArrayBufferLike, payloadStart: number): unknown {
  if (Array.isArray(layout)) return layout.map((item) => revive(item, buffer, payloadStart));
  if (layout !== null && typeof layout === "object") {
    const ref = layout as Partial<ArrayRef>;
    if (typeof ref.$array === "string") {
      const Kind = ARRAYS[ref.$array];
      if (!Kind || typeof ref.offset !== "number" || typeof ref.length !== "number") throw new Error("bad array reference");
      return new Kind(buffer, payloadStart + ref.offset, ref.length);
    }
    return Object.fromEntries(Object.entries(layout).map(([k, v]) => [k, revive(v, buffer, payloadStart)]));
  }
  return layout;
}
