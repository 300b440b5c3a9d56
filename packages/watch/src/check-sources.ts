import pLimit, { type LimitFunction } from "p-limit";
import type { Catalog } from "@corpus-census/catalog";
import { citedUrls } from "./cited-urls.js";
import { checksDir, previousChecks, writeCheckFile, type CheckFile, type CheckedUrl } from "./check-file.js";
import { classify, type UrlFinding } from "./compare-checks.js";
import { DEFAULT_FETCH_OPTIONS, fetchSource, type FetchSourceOptions } from "./fetch-source.js";

interface CheckSourcesOptions extends Partial<Omit<FetchSourceOptions, "userAgent">> {
  userAgent: string;
  tool: { name: string; version: string };
  /** Requests in flight at once, overall and to one host. */
  concurrency: number;
  perHost: number;
  /** Only these entries' URLs. */
  only?: string[];
  /** The day the check is recorded under (YYYY-MM-DD). */
  checkedOn: string;
  /** Write catalog/checks/<date>.json (default true). */
  write: boolean;
  onProgress?: (done: number, total: number) => void;
}

interface CheckSourcesResult {
  check: CheckFile;
  findings: UrlFinding[];
  /** The dates of the earlier checks compared with (empty on a first check). */
  previousDates: string[];
  written?: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Fetches every URL the catalog cites, a bounded number at a time overall and per host, and
 * compares each with its last recorded check. Nothing fetched changes the catalog: the result
 * tells a person what to re-read.
 */
export async function checkSources(catalog: Catalog, options: CheckSourcesOptions): Promise<CheckSourcesResult> {
  const only = options.only ? new Set(options.only) : undefined;
  const urls = citedUrls(catalog, only);
  const dir = checksDir(catalog.dir);
  const previous = previousChecks(dir);
  const fetchOptions: FetchSourceOptions = { ...DEFAULT_FETCH_OPTIONS, ...options };
  const overall = pLimit(options.concurrency);
  const hosts = new Map<string, LimitFunction>();
  const forHost = (url: string) => {
    const host = hostOf(url);
    let limit = hosts.get(host);
    if (!limit) hosts.set(host, (limit = pLimit(options.perHost)));
    return limit;
  };
  let done = 0;
  // A host's slot is taken before an overall one, so no overall slot waits on a busy host.
  const checked: CheckedUrl[] = await Promise.all(
    urls.map((cited) =>
      forHost(cited.url)(() =>
        overall(async () => {
          const fetched = await fetchSource(cited.url, fetchOptions);
          options.onProgress?.(++done, urls.length);
          const { url, ...answer } = fetched;
          // The URL and who cites it first, as the check file lists them.
          return { url, citedBy: cited.citedBy, ...answer };
        }),
      ),
    ),
  );
  const check: CheckFile = {
    checkedOn: options.checkedOn,
    tool: options.tool,
    userAgent: options.userAgent,
    only: options.only ? [...options.only].sort() : null,
    urls: checked,
  };
  const findings = check.urls.map((u) => classify(u, previous.byUrl.get(u.url)));
  const written = options.write ? writeCheckFile(dir, check) : undefined;
  return { check, findings, previousDates: previous.dates, ...(written ? { written } : {}) };
}
