import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openHttpStream, setHttpWaitReporter } from "@corpus-census/common";
import { REPO_ROOT, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { startServer, type TestServer } from "./helpers/http-server.js";
import { listenOnLoopback } from "./helpers/loopback.js";

beforeAll(() => {
  useTemporaryCache();
  process.env.CENSUS_HTTP_BACKOFF_MS = "20";
});
afterAll(() => {
  delete process.env.CENSUS_HTTP_BACKOFF_MS;
});

/** A TCP server on 127.0.0.1 that does `onConnection` with each connection (an HTTP server that misbehaves below HTTP). */
async function tcpServer(onConnection: (socket: import("node:net").Socket) => void) {
  return listenOnLoopback(
    createServer((socket) => {
      socket.on("error", () => {});
      onConnection(socket);
    }),
  );
}

describe("HTTP failures are told apart", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === "/a") res.writeHead(302, { location: "/b" }).end();
      else if (req.url === "/b") res.writeHead(302, { location: "/a" }).end();
      else if (req.url === "/busy") res.writeHead(503).end("busy");
      else res.writeHead(404).end();
    });
  });
  afterAll(() => server.close());

  it("a refused connection is 'cannot connect'", async () => {
    const closed = await tcpServer(() => {});
    const url = closed.url;
    await closed.close();
    const r = await census("count", `${url}/x.txt`, "--tokenizer", "r50k_base");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot connect");
  });

  it("a server that answered with an error is not 'cannot connect'", async () => {
    const busy = await census("count", `${server.url}/busy`, "--tokenizer", "r50k_base");
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain("the server answered HTTP 503");
    expect(busy.stderr).not.toContain("cannot connect");
    const closing = await tcpServer((socket) => socket.once("data", () => socket.destroy()));
    try {
      const r = await census("count", `${closing.url}/x.txt`, "--tokenizer", "r50k_base");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("closed the connection without answering");
      expect(r.stderr).not.toContain("cannot connect");
    } finally {
      await closing.close();
    }
  });

  it("fails at once on a redirect loop, without retrying", async () => {
    delete process.env.CENSUS_HTTP_BACKOFF_MS; // the default backoff: 17 s of retries before
    try {
      const started = Date.now();
      const r = await census("count", `${server.url}/a`, "--tokenizer", "r50k_base");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`redirect loop: ${server.url}/a → ${server.url}/b → ${server.url}/a`);
      expect(r.stderr).not.toContain("cannot connect");
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      process.env.CENSUS_HTTP_BACKOFF_MS = "20";
    }
  });
});

describe("a server that never answers", () => {
  it("is given up on within CENSUS_HTTP_ANSWER_MS, with the wait reported", async () => {
    const silent = await tcpServer(() => {});
    process.env.CENSUS_HTTP_ANSWER_MS = "2500";
    const seen: (string | undefined)[] = [];
    setHttpWaitReporter((text) => seen.push(text));
    try {
      const started = Date.now();
      await expect(openHttpStream(`${silent.url}/x.txt`)).rejects.toThrow(/no answer in 2\.5 s/);
      expect(Date.now() - started).toBeLessThan(6000);
      expect(
        seen.some(
          (t) =>
            t !== undefined && /waiting for an answer from 127\.0\.0\.1:\d+, \d+ s \(gives up after 2\.5 s\)/.test(t),
        ),
      ).toBe(true);
      expect(seen.at(-1)).toBeUndefined();
    } finally {
      setHttpWaitReporter(undefined);
      delete process.env.CENSUS_HTTP_ANSWER_MS;
      await silent.close();
    }
  });

  it.runIf(existsSync("/usr/bin/script"))(
    "shows the wait on a terminal and ends in bounded time",
    { timeout: 60_000 },
    async () => {
      const silent = await tcpServer(() => {});
      try {
        const command = [
          process.execPath,
          join(REPO_ROOT, "packages/cli/dist/main.js"),
          "count",
          `${silent.url}/x.txt`,
          "--tokenizer",
          "r50k_base",
        ]
          .map((a) => `'${a}'`)
          .join(" ");
        const started = Date.now();
        // The server accepts in the kernel while this process waits on the child.
        const result = spawnSync("/usr/bin/script", ["-qec", command, "/dev/null"], {
          encoding: "utf8",
          env: { ...process.env, CENSUS_HTTP_ANSWER_MS: "3000" },
          cwd: REPO_ROOT,
        });
        expect(Date.now() - started).toBeLessThan(30_000);
        expect(result.stdout).toMatch(/waiting for an answer from 127\.0\.0\.1:\d+, \d+ s/);
        expect(result.stdout).toContain("no answer in 3 s");
      } finally {
        await silent.close();
      }
    },
  );
});

describe("census estimate over HTTP", () => {
  it("gives up on a server that never answers within CENSUS_HTTP_ANSWER_MS, and says so", async () => {
    const silent = await tcpServer(() => {});
    process.env.CENSUS_HTTP_ANSWER_MS = "2000";
    try {
      const started = Date.now();
      const r = await census("estimate", `${silent.url}/x.jsonl`, "--sample", "0.1", "--tokenizer", "r50k_base");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("no answer in 2 s");
      expect(r.stderr).not.toContain("cannot connect");
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      delete process.env.CENSUS_HTTP_ANSWER_MS;
      await silent.close();
    }
  });
});
