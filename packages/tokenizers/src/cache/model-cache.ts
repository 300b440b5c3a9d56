import { createHash } from "node:crypto";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";
import { cacheRoot } from "@corpus-census/common";
import type { CounterModel } from "../spec.js";
import type { TokenizerSpec } from "../tokenizer-spec.js";

/**
 * The tables a tokenizer's model is built into (seconds for o200k_base: parsing 200k ranks,
 * finding every merge), kept on disk and read back in milliseconds. A file is named by the code
 * that builds models (a hash of its modules and of Node) and by a key of the tokenizer's
 * definition: the spec and, for each of its files, its path, size, mtime, ctime and inode, so a
 * warm start reads no tokenizer file whole. A rewritten file changes its ctime, which no program
 * can set back (touch -r, cp -p and rsync -t restore the mtime only), and a file replaced by a
 * rename has a new inode: either gives a new key, and the model is built again. Files are
 * written under a temporary name and renamed (a reader sees a whole file or none, and two runs
 * writing the same model leave one of two identical files); on read the magic, the key and a
 * CRC-32 of the tables are checked, and anything wrong means the model is built again.
 *
 * Bounded: a file's mtime is its last use (set on every read); after each write, the models of
 * other code versions unused for an hour are removed (an hour, so that two installs sharing a
 * cache do not rebuild each other's models on every run), then the least recently used until
 * the folder is under CENSUS_MODEL_CACHE_MB (default 500). `census cache` shows and clears it.
 */

const MAGIC = "CENSUSM1";
const ALIGN = 8;

type ArrayKind =
  | "Uint8Array"
  | "Uint16Array"
  | "Int32Array"
  | "Uint32Array"
  | "Float64Array"
  | "Float32Array"
  | "Int8Array"
  | "Int16Array";
const ARRAYS: Record<
  ArrayKind,
  { new (buffer: ArrayBufferLike, offset: number, length: number): ArrayBufferView; BYTES_PER_ELEMENT: number }
> = {
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

/** The cache key of a spec's model, from its files' metadata (never their bytes); undefined when a file cannot be read (building will say why). */
function modelKey(spec: TokenizerSpec): string | undefined {
  try {
    const files = definitionFiles(spec).map((f) => {
      const s = statSync(f, { bigint: true });
      return [f, String(s.size), String(s.mtimeNs), String(s.ctimeNs), String(s.ino)];
    });
    return createHash("sha256")
      .update(JSON.stringify([spec, files]))
      .digest("hex");
  } catch {
    return undefined;
  }
}

export function modelCacheDir(): string {
  return join(cacheRoot(), "models");
}

/** <code version>-<key>.model: the code version first, so that the models of other code versions are found by name. */
function fileOf(key: string): string {
  return join(modelCacheDir(), `${modelCodeVersion().slice(0, 16)}-${key.slice(0, 32)}.model`);
}

/** The cap on the models folder: CENSUS_MODEL_CACHE_MB megabytes (10^6 bytes), default 500. */
export function modelCacheCap(): number {
  const mb = Number(process.env.CENSUS_MODEL_CACHE_MB);
  return (Number.isFinite(mb) && mb >= 0 && process.env.CENSUS_MODEL_CACHE_MB !== "" ? mb : 500) * 1e6;
}

/** How long another code version's models are kept unused: two installs sharing a cache do not evict each other run by run. */
const OTHER_VERSION_GRACE_MS = 60 * 60 * 1000;

export interface ModelCacheEntry {
  file: string;
  bytes: number;
  lastUsed: Date;
  /** Built by the code that runs now (else by another version, or another Node). */
  current: boolean;
}

/** The models in the cache, least recently used first. */
export function modelCacheEntries(): ModelCacheEntry[] {
  const dir = modelCacheDir();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const version = modelCodeVersion().slice(0, 16);
  const entries: ModelCacheEntry[] = [];
  for (const name of names) {
    if (!name.endsWith(".model")) continue;
    try {
      const s = statSync(join(dir, name));
      entries.push({
        file: join(dir, name),
        bytes: s.size,
        lastUsed: s.mtime,
        current: name.startsWith(`${version}-`),
      });
    } catch {
      // removed meanwhile by another run
    }
  }
  return entries.sort((a, b) => a.lastUsed.getTime() - b.lastUsed.getTime());
}

/**
 * Removes other code versions' models unused for an hour, temporary files left by killed
 * writers, then the least recently used models until the folder is under the cap; never `keep`
 * (the model just written). Returns the files removed.
 */
export function pruneModelCache(keep?: string, cap = modelCacheCap(), now = Date.now()): string[] {
  const removed: string[] = [];
  const remove = (file: string) => {
    try {
      rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // another run's, or a read-only cache: the next prune tries again
    }
  };
  const dir = modelCacheDir();
  try {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(".tmp")) continue;
      const file = join(dir, name);
      try {
        if (now - statSync(file).mtimeMs > OTHER_VERSION_GRACE_MS) remove(file);
      } catch {
        // gone
      }
    }
  } catch {
    return removed;
  }
  let entries = modelCacheEntries();
  for (const e of entries)
    if (!e.current && e.file !== keep && now - e.lastUsed.getTime() > OTHER_VERSION_GRACE_MS) remove(e.file);
  entries = entries.filter((e) => !removed.includes(e.file));
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  for (const e of entries) {
    if (total <= cap) break;
    if (e.file === keep) continue;
    remove(e.file);
    total -= e.bytes;
  }
  return removed;
}

/** Removes every model (census cache clear). */
export function clearModelCache(): number {
  let bytes = 0;
  for (const e of modelCacheEntries()) {
    rmSync(e.file, { force: true });
    bytes += e.bytes;
  }
  return bytes;
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
    touch(fileOf(key));
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
    return;
  }
  pruneModelCache(file);
}

/** Marks a model as just used (its mtime), for least-recently-used eviction; a read-only cache just keeps no order. */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // read-only
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function flatten(value: unknown, place: (view: ArrayBufferView) => number): unknown {
  if (ArrayBuffer.isView(value)) {
    const kind = value.constructor.name as ArrayKind;
    if (!(kind in ARRAYS)) throw new Error(`cannot cache a ${kind}`);
    return {
      $array: kind,
      offset: place(value),
      length: value.byteLength / ARRAYS[kind].BYTES_PER_ELEMENT,
    } satisfies ArrayRef;
  }
  if (Array.isArray(value)) return value.map((item) => flatten(item, place));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flatten(v, place)]));
  return value;
}

function revive(layout: unknown, buffer: ArrayBufferLike, payloadStart: number): unknown {
  if (Array.isArray(layout)) return layout.map((item) => revive(item, buffer, payloadStart));
  if (layout !== null && typeof layout === "object") {
    const ref = layout as Partial<ArrayRef>;
    if (typeof ref.$array === "string") {
      const Kind = ARRAYS[ref.$array];
      if (!Kind || typeof ref.offset !== "number" || typeof ref.length !== "number")
        throw new Error("bad array reference");
      return new Kind(buffer, payloadStart + ref.offset, ref.length);
    }
    return Object.fromEntries(Object.entries(layout).map(([k, v]) => [k, revive(v, buffer, payloadStart)]));
  }
  return layout;
}
