import { positiveInteger, wholeNumber } from "../args.js";
import { defineCommand } from "../command-definition.js";
import {
  checkSources,
  findingsByEntry,
  namesBranch,
  REFERENCES_CITER,
  type UrlFinding,
  type UrlState,
} from "@corpus-census/watch";
import { loadCatalogWarning } from "../catalog-location.js";
import type { Output } from "../output.js";
import { UsageError } from "../usage-error.js";
import { TOOL_VERSION } from "../version.js";

export const checkSourcesDefinition = defineCommand({
  usage: `census check-sources [--catalog DIR] [--only ID...] [--json]
                     [--concurrency N] [--per-host N] [--timeout SECONDS] [--retries N] [--no-write]`,
  description: `Fetches every URL the catalog cites (sources, licence, terms and acquisition URLs, size and flag
sources, homepages) and records, for each, its HTTP status, the redirects it took and a
fingerprint of its content (a sha256 of the text with scripts, markup, dates and session tokens
taken out, with ETag and Last-Modified) in <catalog>/checks/<date>.json. Then it reports, per
entry, the sources that are dead (4xx/5xx, or no answer after the retries), moved (redirected to
another host or path) or changed since the previous check. A repository file cited at a revision
(github.com/OWNER/REPO/blob/BRANCH/PATH, Hugging Face .../blob/REV/PATH) that answers 404 is
reported as not on that branch (or commit); files cited by a branch name rather than a commit are
listed at the end, since what they show can change or vanish with the branch.

Nothing it fetches changes the catalog: it tells a person what to re-read.
Exit code 1 when any cited source is dead, so it can run on a schedule.
`,
  options: {
    catalog: { type: "string" },
    only: {
      type: "string",
      multiple: true,
      label: "--only ID...",
      description: "only these entries' URLs (comma-separated or repeated)",
    },
    json: { type: "boolean", default: false },
    concurrency: {
      type: "string",
      default: "8",
      label: "--concurrency N",
      description: "requests in flight at once (default {default})",
    },
    "per-host": {
      type: "string",
      default: "2",
      label: "--per-host N",
      description: "requests in flight to one host (default {default})",
    },
    timeout: {
      type: "string",
      default: "30",
      label: "--timeout SECONDS",
      description: "per attempt, redirects and body included (default {default})",
    },
    retries: {
      type: "string",
      default: "3",
      label: "--retries N",
      description: `further attempts after a network error, timeout, 5xx or 429 (default {default},
with exponential back-off from 1 s, or the server's Retry-After)`,
    },
    "no-write": {
      type: "boolean",
      default: false,
      label: "--no-write",
      description: "do not record the check in <catalog>/checks/",
    },
  },
  positionals: false,
  column: 22,
  run: ({ values }, out) => checkSourcesCommand(values, out),
});

const USER_AGENT = `corpus-census/${TOOL_VERSION} (checks the URLs a corpus catalog cites, each once per run; Node.js undici)`;

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function where(f: UrlFinding, entry: string): string {
  return f.url.citedBy
    .filter((c) => c.entry === entry)
    .map((c) => c.field)
    .join(", ");
}

type CheckSourcesValues = {
  catalog?: string;
  only?: string[];
  json: boolean;
  concurrency: string;
  "per-host": string;
  timeout: string;
  retries: string;
  "no-write": boolean;
};

async function checkSourcesCommand(values: CheckSourcesValues, out: Output): Promise<number> {
  const catalog = loadCatalogWarning(values.catalog, out);
  const only = values.only
    ?.flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  if (only) {
    const known = new Set(catalog.entries.map((e) => e.id));
    const unknown = only.filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`--only: no entry with id ${unknown.map((u) => `"${u}"`).join(", ")}`);
  }
  const progress =
    process.stderr.isTTY && !values.json
      ? (done: number, total: number) => process.stderr.write(`\r\x1b[2Kchecked ${done} of ${total} URLs`)
      : undefined;
  const result = await checkSources(catalog, {
    userAgent: USER_AGENT,
    tool: { name: "corpus-census", version: TOOL_VERSION },
    // The defaults are the options' (in the definition above): these are never undefined.
    concurrency: positiveInteger("concurrency", values.concurrency)!,
    perHost: positiveInteger("per-host", values["per-host"])!,
    timeoutMs: positiveInteger("timeout", values.timeout)! * 1000,
    retries: wholeNumber("retries", values.retries, 0)!,
    ...(only ? { only } : {}),
    checkedOn: today(),
    write: !values["no-write"],
    ...(progress ? { onProgress: progress } : {}),
  });
  if (progress) process.stderr.write("\r\x1b[2K");

  const count = (state: UrlState) => result.findings.filter((f) => f.states.includes(state)).length;
  // Repository files cited by a branch (blob/main/...), not a commit: not a fault, but what they show can change.
  const branchNamed = result.check.urls.filter((u) => namesBranch(u.url));
  const dead = count("dead");
  const byEntry = findingsByEntry(result.findings);
  if (values.json) {
    out.stdout(
      JSON.stringify(
        {
          checkedOn: result.check.checkedOn,
          previousChecks: result.previousDates,
          written: result.written ?? null,
          urls: result.findings.length,
          summary: {
            ok: count("ok"),
            new: count("new"),
            dead,
            moved: count("moved"),
            changed: count("changed"),
            namedByBranch: branchNamed.length,
          },
          entries: Object.fromEntries(
            [...byEntry].map(([entry, findings]) => [
              entry,
              findings.map((f) => ({
                url: f.url.url,
                states: f.states,
                status: f.url.status,
                finalUrl: f.url.finalUrl,
                detail: f.detail,
                citedIn: where(f, entry).split(", "),
              })),
            ]),
          ),
          namedByBranch: branchNamed.map((u) => ({
            url: u.url,
            status: u.status,
            citedBy: [...new Set(u.citedBy.map((c) => c.entry))],
          })),
        },
        null,
        2,
      ),
    );
    return dead > 0 ? 1 : 0;
  }
  const entries = new Set(result.check.urls.flatMap((u) => u.citedBy.map((c) => c.entry)));
  const previous = result.previousDates.length
    ? `compared with the check of ${result.previousDates.at(-1)}`
    : "first check: nothing to compare with";
  out.stdout(
    `checked ${result.findings.length} URLs cited by ${entries.size} entries on ${result.check.checkedOn} (${previous}): ` +
      `${count("ok")} ok, ${count("new")} new, ${dead} dead, ${count("moved")} moved, ${count("changed")} changed`,
  );
  const names = new Map(catalog.entries.map((e) => [e.id, e.name.en]));
  const order = [...catalog.entries.map((e) => e.id), REFERENCES_CITER];
  const ordered = [...byEntry].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  for (const [entry, findings] of ordered) {
    out.stdout("");
    out.stdout(entry === REFERENCES_CITER ? `${entry} (scale references)` : `${entry} (${names.get(entry) ?? "?"})`);
    for (const f of findings) {
      out.stdout(`  ${f.states.join("+").padEnd(15)} ${f.url.url}`);
      out.stdout(`  ${"".padEnd(15)} ${f.detail}; cited in ${where(f, entry)}`);
    }
  }
  if (branchNamed.length > 0) {
    out.stdout("");
    out.stdout(
      `${branchNamed.length} cited repository file(s) named by a branch, not a commit (what they show can change or vanish with the branch; cite a commit):`,
    );
    for (const u of branchNamed) out.stdout(`  ${u.url} (${[...new Set(u.citedBy.map((c) => c.entry))].join(", ")})`);
  }
  if (result.written) out.stdout(`\nrecorded in ${result.written}`);
  const unresolved = result.findings.filter(
    (f) => f.url.status === null && /ENOTFOUND|EAI_AGAIN/.test(f.url.error ?? ""),
  ).length;
  if (unresolved > 0 && unresolved === result.findings.length) {
    out.stderr(
      `note: no host name could be resolved (${unresolved} of ${unresolved} URLs): this machine may be offline, so "dead" here says nothing about the sources`,
    );
  }
  if (byEntry.size > 0)
    out.stdout("Re-read what these entries say from the sources above; nothing in the catalog was changed.");
  return dead > 0 ? 1 : 0;
}
