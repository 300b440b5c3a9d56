import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestServer {
  url: string;
  /** Requests seen, for asserting what the client asked for. */
  requests: { url: string; headers: IncomingMessage["headers"] }[];
  bytesServed: number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 for tests; it never leaves this machine. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse, server: TestServer) => void,
): Promise<TestServer> {
  const state: TestServer = {
    url: "",
    requests: [],
    bytesServed: 0,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    state.requests.push({ url: req.url ?? "", headers: req.headers });
    const write = res.write.bind(res);
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) state.bytesServed += Buffer.byteLength(chunk as Buffer);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    handler(req, res, state);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
