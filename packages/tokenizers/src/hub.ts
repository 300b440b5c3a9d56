import { mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import {
  cacheRoot,
  hubEndpoint,
  hubHeaders,
  httpGet,
  parseHubId,
  stallGuarded,
  writeAtomically,
} from "@corpus-census/common";
import { parseModelProto } from "./sentencepiece-model/model-proto.js";

interface HubFiles {
  /** tokenizer.json, or tokenizer.model where the repository publishes only a SentencePiece model. */
  tokenizer: string;
  config?: string;
}

function hubCacheDir(): string {
  return join(cacheRoot(), "hf");
}

/**
 * Fetches tokenizer.json (and tokenizer_config.json when the repository has one) of a Hub
 * model into the local cache and returns their paths; a repository without tokenizer.json gives
 * its SentencePiece tokenizer.model instead. A cached copy is used without any request, so a
 * model fetched once works offline. HF_ENDPOINT and HF_TOKEN are honoured.
 */
export async function fetchHubTokenizer(repoSpec: string): Promise<HubFiles> {
  // Checked as the Hub checks ids, before a path or URL is built from it: hf:../.. writes nowhere.
  const { org, name, revision = "main" } = parseHubId(repoSpec);
  const dir = join(hubCacheDir(), org, name, revision.replaceAll("/", "--"));
  const tokenizerPath = join(dir, "tokenizer.json");
  const modelPath = join(dir, "tokenizer.model");
  const configPath = join(dir, "tokenizer_config.json");
  if (existsSync(tokenizerPath)) {
    return { tokenizer: tokenizerPath, config: existsSync(configPath) ? configPath : undefined };
  }
  if (existsSync(modelPath)) return { tokenizer: modelPath };
  mkdirSync(dir, { recursive: true });
  const tokenizer = await download(org, name, revision, "tokenizer.json");
  if (!tokenizer) {
    const model = await download(org, name, revision, "tokenizer.model");
    if (!model)
      throw new Error(`hf:${repoSpec}: neither tokenizer.json nor tokenizer.model at revision ${revision} (HTTP 404)`);
    // Parse before caching, as for tokenizer.json.
    parseModelProto(model, `hf:${repoSpec} tokenizer.model`);
    writeAtomically(modelPath, model);
    return { tokenizer: modelPath };
  }
  const config = await download(org, name, revision, "tokenizer_config.json");
  // Parse before caching: a proxy's HTML error page must not become a cached tokenizer.
  try {
    JSON.parse(tokenizer.toString("utf8"));
  } catch {
    throw new Error(`hf:${repoSpec}: the Hub returned a tokenizer.json that is not JSON`);
  }
  if (config) writeAtomically(configPath, config);
  writeAtomically(tokenizerPath, tokenizer);
  return { tokenizer: tokenizerPath, config: config ? configPath : undefined };
}

/** How long the Hub may take to answer a request, and to send the next bytes of a file (undici's defaults, which fetched these files before). */
const TIMEOUT_MS = 300_000;

/** The file's bytes, or undefined when the repository has no such file (HTTP 404). */
async function download(org: string, name: string, revision: string, file: string): Promise<Buffer | undefined> {
  const endpoint = hubEndpoint();
  const url = `${endpoint}/${org}/${name}/resolve/${encodeURIComponent(revision)}/${file}`;
  const headers: Record<string, string> = { "user-agent": "corpus-census", ...hubHeaders(url) };
  let response;
  try {
    ({ response } = await httpGet(url, headers, TIMEOUT_MS));
  } catch (error) {
    throw new Error(
      `hf:${org}/${name}: cannot reach ${endpoint} to fetch ${file} (${(error as Error).message}); it is not in the cache ${hubCacheDir()} either`,
    );
  }
  if (response.statusCode === 200) {
    const chunks: Uint8Array[] = [];
    try {
      for await (const chunk of stallGuarded(response, TIMEOUT_MS)) chunks.push(chunk);
    } finally {
      response.destroy();
    }
    return Buffer.concat(chunks);
  }
  response.resume();
  if (response.statusCode === 404) return undefined;
  if (response.statusCode === 401 || response.statusCode === 403) {
    throw new Error(
      `hf:${org}/${name}: ${file} needs access (HTTP ${response.statusCode}): accept the model's terms on the Hub and set HF_TOKEN`,
    );
  }
  throw new Error(`hf:${org}/${name}: fetching ${file} failed with HTTP ${response.statusCode}`);
}
