import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fetchHubTokenizer } from "./hub.js";
import { loadRegistry, npmPackageFile } from "./registry.js";
import type { TokenizerSpec } from "./tokenizer-spec.js";

export class UnknownTokenizerError extends Error {
  override name = "UnknownTokenizerError";
}

/**
 * Turns a tokenizer name as the user wrote it into local files: a registry id
 * (r50k_base, llama3, ...), file:PATH to a tokenizer.json or a SentencePiece .model, or
 * hf:ORG/NAME from the Hub.
 */
export async function resolveTokenizer(name: string): Promise<TokenizerSpec> {
  if (name.startsWith("file:")) {
    const path = resolve(name.slice("file:".length));
    if (!existsSync(path)) throw new UnknownTokenizerError(`${name}: no such file`);
    if (isSentencePieceModel(path)) return { id: name, kind: "sentencepiece-model", path };
    const config = join(dirname(path), "tokenizer_config.json");
    return { id: name, kind: "tokenizer.json", path, configPath: existsSync(config) ? config : undefined };
  }
  if (name.startsWith("hf:")) {
    const files = await fetchHubTokenizer(name.slice("hf:".length));
    if (files.tokenizer.endsWith(".model")) return { id: name, kind: "sentencepiece-model", path: files.tokenizer };
    return { id: name, kind: "tokenizer.json", path: files.tokenizer, configPath: files.config };
  }
  const registry = loadRegistry();
  const entry = registry.find((e) => e.id === name);
  if (!entry) {
    throw new UnknownTokenizerError(
      `unknown tokenizer "${name}"; expected one of ${registry.map((e) => e.id).join(", ")}, file:PATH/tokenizer.json or hf:ORG/NAME`,
    );
  }
  if (entry.source.type === "tiktoken") return { id: entry.id, kind: "tiktoken", encoding: entry.source.encoding };
  return {
    id: entry.id,
    kind: "tokenizer.json",
    path: npmPackageFile(entry.source.package, entry.source.file),
    configPath: entry.source.config ? npmPackageFile(entry.source.package, entry.source.config) : undefined,
  };
}

/** A SentencePiece model is a protobuf whose first field is a piece (0x0A); a tokenizer.json is JSON. */
function isSentencePieceModel(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(1);
    return readSync(fd, head, 0, 1, 0) === 1 && head[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}
