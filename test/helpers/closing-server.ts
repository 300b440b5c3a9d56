import { createServer } from "node:net";
import { listenOnLoopback } from "./loopback.js";

/**
 * An HTTP/1.0 server on 127.0.0.1 that answers every request with `body` and closes the
 * connection right after it (a FIN, as python3 -m http.server does): the case that crashed
 * undici 7's parser when the reader had paused the body (nodejs/undici#5360).
 */
export async function startClosingServer(
  body: Uint8Array,
): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const state = { url: "", requests: 0, close: async () => {} };
  const server = createServer((socket) => {
    socket.on("error", () => {});
    socket.once("data", () => {
      state.requests++;
      socket.write(
        `HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      socket.end(body);
    });
  });
  Object.assign(state, await listenOnLoopback(server));
  return state;
}
