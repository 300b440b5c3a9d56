import type { Server as HttpServer } from "node:http";
import type { AddressInfo, Server, Socket } from "node:net";

/**
 * Listens on 127.0.0.1 on a free port. close() destroys the open connections before closing the
 * server, so it does not wait for keep-alive (or stalled) connections to end.
 */
export async function listenOnLoopback(server: Server | HttpServer): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
