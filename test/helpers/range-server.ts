import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback.js";

/** Faults to inject, each used up as it happens. */
export interface Faults {
  /** Responses that drop the connection after this many body bytes (one entry per response). */
  dropAfter?: number[];
  /** Answer this many requests with 503 first. */
  serverErrors?: number;
  /** A response that sends this many bytes and then stalls (sends nothing, keeps the connection). */
  stallAfter?: number[];
  /** After this many body bytes in all, the file changes (new content, new ETag). */
  changeAfterBytes?: number;
}

export interface RangeServer {
  url: string;
  requests: { method: string; range?: string; ifRange?: string; status: number }[];
  faults: Faults;
  close(): Promise<void>;
}

/**
 * A static file server on 127.0.0.1 that serves byte ranges as a CDN does (Accept-Ranges, ETag,
 * Last-Modified, If-Range), and can drop, fail, stall or change the file on request.
 */
export async function startRangeServer(files: Record<string, Uint8Array>, faults: Faults = {}): Promise<RangeServer> {
  let version = 1;
  let served = 0;
  const state: RangeServer = { url: "", requests: [], faults, close: async () => {} };
  const content = (path: string) => {
    const body = files[path];
    if (!body) return undefined;
    if (version === 1) return body;
    const changed = Buffer.from(body);
    changed[0] = changed[0] === 0x41 ? 0x42 : 0x41;
    return changed;
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const record = {
      method: req.method ?? "GET",
      range: req.headers.range,
      ifRange: req.headers["if-range"] as string | undefined,
      status: 0,
    };
    state.requests.push(record);
    const body = content(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (!body) {
      record.status = 404;
      res.writeHead(404).end();
      return;
    }
    if ((faults.serverErrors ?? 0) > 0 && req.method === "GET") {
      faults.serverErrors!--;
      record.status = 503;
      res.writeHead(503).end("try later");
      return;
    }
    const etag = `"v${version}-${body.length}"`;
    const headers = {
      "accept-ranges": "bytes",
      etag,
      "last-modified": new Date(Date.UTC(2026, 0, version)).toUTCString(),
      "content-type": "application/octet-stream",
    };
    let start = 0;
    let end = body.length;
    let status = 200;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    const ifRange = req.headers["if-range"];
    if (range && (ifRange === undefined || ifRange === etag)) {
      start = Number(range[1]);
      end = range[2] ? Math.min(body.length, Number(range[2]) + 1) : body.length;
      if (start >= body.length) {
        record.status = 416;
        res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
    }
    record.status = status;
    res.writeHead(status, {
      ...headers,
      "content-length": end - start,
      ...(status === 206 ? { "content-range": `bytes ${start}-${end - 1}/${body.length}` } : {}),
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const slice = body.subarray(start, end);
    const drop = faults.dropAfter?.shift();
    const stall = drop === undefined ? faults.stallAfter?.shift() : undefined;
    const cut = drop ?? stall;
    if (cut !== undefined && cut < slice.length) {
      res.write(slice.subarray(0, cut));
      served += cut;
      if (drop !== undefined) setTimeout(() => res.socket?.destroy(), 20);
      return; // a stall: the connection stays open and silent until the client gives up
    }
    if (faults.changeAfterBytes !== undefined && served + slice.length > faults.changeAfterBytes && version === 1) {
      const part = Math.max(0, faults.changeAfterBytes - served);
      res.write(slice.subarray(0, part));
      served += part;
      version = 2;
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    served += slice.length;
    res.end(slice);
  };
  Object.assign(state, await listenOnLoopback(createServer(handle)));
  return state;
}
