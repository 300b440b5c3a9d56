import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./helpers/http-server.js";
import { writeLocalCatalog } from "./helpers/local-catalog.js";
import { census } from "./helpers/run-cli.js";

/**
 * census check-sources against a server on 127.0.0.1 whose pages change, move, vanish, answer
 * slowly, or fail once and then answer. The real catalog's URLs are never fetched here.
 */
describe("census check-sources", () => {
  let server: TestServer;
  let catalog: string;
  let version = 1;
  let inFlight = 0;
  let maxInFlight = 0;
  const flakyHits = { count: 0 };
  const userAgents = new Set<string>();

  beforeAll(async () => {
    server = await startServer((req, res) => {
      userAgents.add(String(req.headers["user-agent"]));
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const finish = (status: number, headers: Record<string, string>, body = "") => {
        // Every answer closes its connection, as python's http.server does.
        setTimeout(() => {
          inFlight--;
          res.writeHead(status, { connection: "close", ...headers });
          res.end(body);
        }, 20);
      };
      const page = (text: string) =>
        `<html><head><script nonce="${Math.random().toString(36)}">var t=${Date.now()}</script></head><body><p>${text}</p><p>Last generated ${new Date().toISOString()}</p></body></html>`;
      switch (req.url) {
        case "/stable":
        case "/slash/":
          return finish(
            200,
            { "content-type": "text/html; charset=utf-8" },
            page("Licence: CC BY 4.0. 1,234 documents."),
          );
        case "/changing":
          return finish(
            200,
            { "content-type": "text/html" },
            page(version === 1 ? "Licence: CC BY 4.0" : "Licence: CC BY-NC 4.0"),
          );
        case "/moved":
          return finish(301, { location: "/new-home" });
        case "/slash":
          return finish(301, { location: "/slash/" });
        case "/new-home":
          return finish(200, { "content-type": "text/html" }, page("The corpus has a new home."));
        case "/gone":
          return finish(404, { "content-type": "text/html" }, page("Not here"));
        case "/flaky":
          flakyHits.count++;
          return flakyHits.count % 2 === 1
            ? finish(500, { "content-type": "text/plain" }, "try later")
            : finish(200, { "content-type": "text/plain" }, "terms of use, version 2");
        case "/slow":
          inFlight--;
          setTimeout(() => {
            res.writeHead(200, { "content-type": "text/plain" });
            res.end("too late");
          }, 2500);
          return;
        case "/data.bin": {
          inFlight--;
          res.writeHead(200, {
            "content-type": "application/octet-stream",
            etag: '"v1"',
            "content-length": String(64 * 1024 * 1024),
          });
          // A data file is never downloaded: the checker reads the headers and hangs up.
          res.write(Buffer.alloc(64 * 1024));
          res.on("close", () => res.destroy());
          return;
        }
        default:
          return finish(404, {}, "");
      }
    });
    const u = (p: string) => `${server.url}${p}`;
    catalog = writeLocalCatalog(
      [
        {
          id: "alpha",
          urls: {
            homepage: u("/stable"),
            licence: u("/changing"),
            terms: u("/moved"),
            acquisition: u("/slash"),
            sources: [u("/stable"), u("/changing")],
          },
        },
        {
          id: "beta",
          urls: {
            homepage: u("/stable"),
            licence: u("/gone"),
            terms: u("/flaky"),
            acquisition: u("/stable"),
            sources: [u("/flaky")],
          },
        },
        {
          id: "gamma",
          urls: {
            homepage: u("/stable"),
            licence: u("/slow"),
            terms: u("/stable"),
            acquisition: u("/data.bin"),
            sources: [u("/stable")],
          },
        },
      ],
      u("/stable"),
    );
  });

  afterAll(async () => {
    await server.close();
    rmSync(catalog, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    census("check-sources", "--catalog", catalog, "--timeout", "1", "--retries", "1", "--per-host", "2", ...args);

  it("names the dead, moved and new sources per entry, records the check, and exits 1 on a dead one", async () => {
    const first = await run("--json");
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout);
    expect(report.previousChecks).toEqual([]);
    expect(report.urls).toBe(8);
    expect(report.summary).toMatchObject({ dead: 2, moved: 1, changed: 0 });
    const states = (entry: string) =>
      Object.fromEntries(
        report.entries[entry].map((f: { url: string; states: string[] }) => [new URL(f.url).pathname, f.states]),
      );
    expect(states("alpha")).toEqual({ "/moved": ["moved"] });
    expect(states("beta")).toEqual({ "/gone": ["dead"] });
    expect(states("gamma")).toEqual({ "/slow": ["dead"] });
    const slow = report.entries.gamma[0];
    expect(slow.detail).toMatch(/no answer within 1 s after 2 attempts/);
    expect(slow.citedIn).toEqual(["licence.url", "licence.source"]);

    const files = readdirSync(join(catalog, "checks"));
    expect(files).toHaveLength(1);
    const check = JSON.parse(readFileSync(join(catalog, "checks", files[0]!), "utf8"));
    const byPath = Object.fromEntries(check.urls.map((x: { url: string }) => [new URL(x.url).pathname, x]));
    expect(byPath["/flaky"]).toMatchObject({ status: 200, attempts: 2 });
    expect(byPath["/moved"].redirects).toEqual([
      { url: `${server.url}/moved`, status: 301, location: `${server.url}/new-home` },
    ]);
    expect(byPath["/slash"]).toMatchObject({ status: 200, finalUrl: `${server.url}/slash/` });
    expect(byPath["/data.bin"]).toMatchObject({ status: 200, etag: '"v1"', contentLength: 64 * 1024 * 1024 });
    expect(byPath["/data.bin"].fingerprint).toBeUndefined();
    expect(byPath["/stable"].fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(byPath["/stable"].citedBy.map((c: { entry: string }) => c.entry)).toEqual(
      expect.arrayContaining(["alpha", "beta", "gamma", "references.json"]),
    );
    expect(server.bytesServed).toBeLessThan(4 * 1024 * 1024);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect([...userAgents]).toEqual([expect.stringMatching(/^corpus-census\/\d+\.\d+\.\d+ \(/)]);
  }, 60_000);

  it("reports a page whose words changed, and not one that only re-rendered", async () => {
    version = 2;
    const second = await run();
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/compared with the check of \d{4}-\d{2}-\d{2}/);
    expect(second.stdout).toMatch(
      /alpha \(Test corpus alpha\)\n {2}changed +http:\/\/127\.0\.0\.1:\d+\/changing\n {2} +content differs from the check of/,
    );
    expect(second.stdout).not.toMatch(/changed +\S+\/stable/);
    expect(second.stdout).toMatch(/beta \(Test corpus beta\)\n {2}dead +\S+\/gone\n {2} +HTTP 404/);
    expect(second.stdout).toContain("nothing in the catalog was changed");
  }, 60_000);

  it("checks only the entries named with --only, keeping the day's other records", async () => {
    const only = await run("--only", "alpha", "--json");
    expect(only.code).toBe(0);
    const report = JSON.parse(only.stdout);
    expect(report.urls).toBe(4);
    expect(Object.keys(report.entries)).toEqual(["alpha"]);
    const files = readdirSync(join(catalog, "checks"));
    const check = JSON.parse(readFileSync(join(catalog, "checks", files[0]!), "utf8"));
    expect(check.urls).toHaveLength(8);
    expect(check.only).toBeNull();
  }, 60_000);

  it("refuses an unknown entry id and bad numbers as usage errors", async () => {
    expect((await run("--only", "nope")).code).toBe(2);
    expect((await run("--per-host", "0")).code).toBe(2);
    expect(existsSync(join(catalog, "checks"))).toBe(true);
  });
});

/**
 * Repository files cited at a revision (issue 23: a blob/main URL to a README that exists only on
 * another branch). The forge is a server on 127.0.0.1 that serves OWNER/REPO/blob/REV/PATH only
 * where the file exists.
 */
describe("census check-sources on repository URLs", () => {
  const commit = "99f1f7c15f9652b742d10833ab72770cf1c3314e";
  let server: TestServer;
  let catalog: string;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const files = new Set([
        `/llm-jp/scripts/blob/main/pretrain/README.md`,
        `/llm-jp/scripts/blob/${commit}/corpus/ja_warp_pdf/README.md`,
        `/llm-jp/scripts/blob/warp-pdf/corpus/ja_warp_pdf/README.md`,
      ]);
      const found = files.has(req.url ?? "");
      res.writeHead(found ? 200 : 404, { connection: "close", "content-type": "text/html" });
      res.end(found ? "<html><body><p># README</p></body></html>" : "<html><body><p>Not Found</p></body></html>");
    });
    const u = (p: string) => `${server.url}${p}`;
    catalog = writeLocalCatalog(
      [
        {
          id: "alpha",
          urls: {
            homepage: u("/llm-jp/scripts/blob/main/pretrain/README.md"),
            licence: u(`/llm-jp/scripts/blob/${commit}/corpus/ja_warp_pdf/README.md`),
            terms: u("/llm-jp/scripts/blob/main/corpus/ja_warp_pdf/README.md"),
            acquisition: u("/llm-jp/scripts/blob/warp-pdf/corpus/ja_warp_pdf/README.md"),
            sources: [u("/llm-jp/scripts/blob/main/corpus/ja_warp_pdf/README.md")],
          },
        },
      ],
      u(`/llm-jp/scripts/blob/${commit}/corpus/ja_warp_pdf/README.md`),
    );
  });
  afterAll(async () => {
    await server.close();
    rmSync(catalog, { recursive: true, force: true });
  });

  it("reports a file that is not on the branch its URL names, and lists the files named by a branch", async () => {
    const result = await census(
      "check-sources",
      "--catalog",
      catalog,
      "--timeout",
      "2",
      "--retries",
      "0",
      "--json",
      "--no-write",
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toMatchObject({ dead: 1, namedByBranch: 3 });
    const [finding] = report.entries.alpha;
    expect(new URL(finding.url).pathname).toBe("/llm-jp/scripts/blob/main/corpus/ja_warp_pdf/README.md");
    expect(finding.detail).toBe(
      "HTTP 404: not on that branch: corpus/ja_warp_pdf/README.md is not on branch main; cite the branch or, better, the commit where it exists",
    );
    // The commit-pinned URL is not listed; the branch-named ones are, found or not.
    expect(report.namedByBranch.map((x: { url: string }) => new URL(x.url).pathname).sort()).toEqual([
      "/llm-jp/scripts/blob/main/corpus/ja_warp_pdf/README.md",
      "/llm-jp/scripts/blob/main/pretrain/README.md",
      "/llm-jp/scripts/blob/warp-pdf/corpus/ja_warp_pdf/README.md",
    ]);
    const text = await census("check-sources", "--catalog", catalog, "--timeout", "2", "--retries", "0", "--no-write");
    expect(text.stdout).toMatch(
      /dead +\S+\/blob\/main\/corpus\/ja_warp_pdf\/README\.md\n +HTTP 404: not on that branch: corpus\/ja_warp_pdf\/README\.md is not on branch main/,
    );
    expect(text.stdout).toContain("3 cited repository file(s) named by a branch, not a commit");
  }, 60_000);
});
