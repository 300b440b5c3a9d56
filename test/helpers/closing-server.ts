import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * An HTTP/1.0 server on 127.0.0.1 that answers every request with `body` and closes the
 * connection right after it (a FIN, as python3 -m http.server does): the case that crashed
 * undici 7's parser when the reader had paused the body (nodejs/undici#5360).
 */
export async function startClosingServer(body: Uint8Array): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { url: "", requests: 0, close: async () => {} };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.once("data", () => {
      state.requests++;
      socket.write(`HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
