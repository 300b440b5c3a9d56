import { request } from "undici";
import { hubEndpoint, hubHeaders } from "@corpus-census/common";
import type { Shard } from "./estimate-shards.js";
import { requestFailure, requestTimeouts } from "./http-failure.js";

interface HubDatasetFiles {
  shards: Shard[];
  headers: Record<string, string>;
}

const DATA_FILE = /\.(parquet|jsonl|json|txt|xml)(\.(gz|bz2|xz|zst))?$/;

/**
 * Lists a Hugging Face dataset's data files and their sizes from the Hub's API
 * (GET /api/datasets/ORG/NAME/tree/REVISION?recursive=true), keeping those of a config and
 * split: a path segment equal to the config, and the split as a path segment or file-name prefix.
 */
export async function listHubDataset(
  repo: string,
  options: { config?: string; split?: string; revision?: string } = {},
): Promise<HubDatasetFiles> {
  const endpoint = hubEndpoint();
  const revision = options.revision ?? "main";
  const url = `${endpoint}/api/datasets/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`;
  const headers: Record<string, string> = { "user-agent": "corpus-census", ...hubHeaders(url) };
  const response = await request(url, { headers, ...requestTimeouts() }).catch((error: Error) => {
    throw new Error(
      `hf:${repo}: cannot list its files at ${endpoint}: ${requestFailure(url, error).message.slice(url.length + 2)}`,
    );
  });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(
      `hf:${repo}: listing its files failed with HTTP ${response.statusCode}${response.statusCode === 401 ? " (gated? set HF_TOKEN)" : ""}`,
    );
  }
  const entries = (await response.body.json()) as {
    type: string;
    path: string;
    size: number;
    lfs?: { size: number };
  }[];
  const matches = entries.filter((e) => {
    if (e.type !== "file" || !DATA_FILE.test(e.path)) return false;
    const segments = e.path.split("/");
    const name = segments.at(-1)!;
    if (options.config && !segments.slice(0, -1).includes(options.config)) return false;
    if (options.split && !segments.slice(0, -1).includes(options.split) && !name.startsWith(options.split))
      return false;
    return true;
  });
  if (matches.length === 0) {
    throw new Error(
      `hf:${repo}: no data files${options.config ? ` for config "${options.config}"` : ""}${options.split ? ` and split "${options.split}"` : ""} (${entries.length} files listed)`,
    );
  }
  return {
    headers,
    shards: matches
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((e) => ({
        name: `hf:${repo}/${e.path}`,
        bytes: e.lfs?.size ?? e.size,
        url: `${endpoint}/datasets/${repo}/resolve/${encodeURIComponent(revision)}/${e.path}`,
      })),
  };
}
