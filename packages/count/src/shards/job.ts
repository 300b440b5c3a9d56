import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { definitionFiles } from "@corpus-census/tokenizers/internal";
import type { TokenizerSpec } from "@corpus-census/tokenizers";
import type { JobInput } from "./plan.js";

/**
 * What makes shards parts of one count: the same inputs (names, sizes, validators), the same
 * tokenizers (by a hash of their definitions), the same reading options, the same tool version
 * and the same number of shards. Shards of different jobs are never added together.
 */
export interface JobIdentity {
  inputs: JobInput[];
  tokenizers: { id: string; sha256: string }[];
  options: {
    format: string | null;
    field: string | null;
    wikitext: string;
    encoding: string;
    onError: string;
    morphemes: boolean;
  };
  tool: { name: string; version: string };
  shards: number;
}

/** sha256 of the files that define a tokenizer: tiktoken's ranks file, tokenizer.json (+ its config), or a SentencePiece .model. */
export function tokenizerDigest(spec: TokenizerSpec): string {
  const hash = createHash("sha256");
  for (const file of definitionFiles(spec)) hash.update(readFileSync(file));
  if (spec.kind === "tokenizer.json" && spec.configPath) hash.update(readFileSync(spec.configPath));
  return hash.digest("hex");
}

/** JSON with keys in a fixed order, so that equal identities hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function jobId(job: JobIdentity): string {
  return createHash("sha256").update(canonical(job)).digest("hex").slice(0, 16);
}

/** What differs between two jobs, in words, for refusing to add their shards. */
export function jobDifferences(a: JobIdentity, b: JobIdentity): string[] {
  const out: string[] = [];
  if (a.tool.version !== b.tool.version) out.push(`tool version ${a.tool.version} vs ${b.tool.version}`);
  if (a.shards !== b.shards) out.push(`number of shards ${a.shards} vs ${b.shards}`);
  const tok = (j: JobIdentity) => j.tokenizers.map((t) => `${t.id}@${t.sha256.slice(0, 12)}`).join(",");
  if (tok(a) !== tok(b)) out.push(`tokenizers ${tok(a)} vs ${tok(b)}`);
  if (canonical(a.options) !== canonical(b.options))
    out.push(`options ${canonical(a.options)} vs ${canonical(b.options)}`);
  const names = (j: JobIdentity) => new Map(j.inputs.map((i) => [i.input, i]));
  const an = names(a);
  const bn = names(b);
  const only = (x: Map<string, JobInput>, y: Map<string, JobInput>) => [...x.keys()].filter((k) => !y.has(k));
  const onlyA = only(an, bn);
  const onlyB = only(bn, an);
  if (onlyA.length > 0)
    out.push(
      `inputs only in the first: ${onlyA.slice(0, 3).join(", ")}${onlyA.length > 3 ? ` and ${onlyA.length - 3} more` : ""}`,
    );
  if (onlyB.length > 0)
    out.push(
      `inputs only in the second: ${onlyB.slice(0, 3).join(", ")}${onlyB.length > 3 ? ` and ${onlyB.length - 3} more` : ""}`,
    );
  for (const [name, input] of an) {
    const other = bn.get(name);
    if (!other || canonical(other) === canonical(input)) continue;
    // Field by field: size, mtime, ends (a local file edited in place), etag, lastModified.
    const fields = [...new Set([...Object.keys(input), ...Object.keys(other)])].filter(
      (k) =>
        k !== "input" &&
        canonical((input as unknown as Record<string, unknown>)[k]) !==
          canonical((other as unknown as Record<string, unknown>)[k]),
    );
    const show = (v: unknown) => (v === undefined ? "none" : String(v));
    out.push(
      `input ${name} changed: ${fields.map((k) => `${k} ${show((input as unknown as Record<string, unknown>)[k])} vs ${show((other as unknown as Record<string, unknown>)[k])}`).join(", ")}`,
    );
  }
  return out;
}
