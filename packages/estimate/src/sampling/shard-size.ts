import { systemErrorText } from "@corpus-census/common";
import { statSync } from "node:fs";
import { request } from "undici";
import { requestFailure, requestTimeouts } from "./http-failure.js";

/** A shard's stored size: the file size, or a URL's Content-Length from a HEAD request. */
export async function shardSize(name: string): Promise<number> {
  if (/^https?:\/\//i.test(name)) {
    const response = await request(name, { method: "HEAD", ...requestTimeouts() }).catch((error: Error) => {
      throw requestFailure(name, error);
    });
    await response.body.dump();
    const length = Number(response.headers["content-length"]);
    if (response.statusCode !== 200 || !Number.isFinite(length))
      throw new Error(`${name}: HEAD gave no size (HTTP ${response.statusCode})`);
    return length;
  }
  try {
    return statSync(name).size;
  } catch (error) {
    throw new Error(`${name}: ${systemErrorText(error)}`);
  }
}
