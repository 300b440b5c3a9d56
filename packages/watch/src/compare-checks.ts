import { revisionPath } from "@corpus-census/catalog";
import type { CheckedUrl } from "./check-file.js";

/** What a person should do about a URL: nothing (ok, new), or re-read what the catalog says from it. */
export type UrlState = "ok" | "new" | "dead" | "moved" | "changed";

export interface UrlFinding {
  url: CheckedUrl;
  /** dead, or any of moved and changed; ok or new when nothing is to be done. */
  states: UrlState[];
  /** What the previous check recorded for this URL, when there was one. */
  previous?: CheckedUrl & { checkedOn: string };
  detail: string;
}

/** A URL with scheme, default port, fragment and a trailing slash left out: http→https is no move. */
function place(url: string): string | null {
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/\/+$/, "") || "/";
    return `${u.hostname.replace(/^www\./, "")}${path}${u.search}`;
  } catch {
    return null;
  }
}

function isDead(u: CheckedUrl): boolean {
  return u.status === null || u.status >= 400;
}

function isMoved(u: CheckedUrl): boolean {
  return u.redirects.length > 0 && place(u.url) !== place(u.finalUrl);
}

/** Changed: the stable text's hash differs; for a body without one, its validators (ETag, Last-Modified, length). */
function hasChanged(now: CheckedUrl, before: CheckedUrl): boolean {
  if (isDead(before)) return false;
  if (now.fingerprint && before.fingerprint) return now.fingerprint !== before.fingerprint;
  if (now.etag && before.etag) return now.etag !== before.etag;
  if (now.lastModified && before.lastModified) return now.lastModified !== before.lastModified;
  if (now.contentLength !== undefined && before.contentLength !== undefined)
    return now.contentLength !== before.contentLength;
  return false;
}

function describe(u: CheckedUrl): string {
  if (u.status === null) return u.error ?? "no answer";
  return `HTTP ${u.status}`;
}

/**
 * For a repository URL that names a revision (blob/REV/PATH) and answers 404: the file is not on
 * that branch or commit. A `blob/main` URL to a file that lives only on another branch reads so.
 */
function notOnRevision(u: CheckedUrl): string | undefined {
  if (u.status !== 404) return undefined;
  const at = revisionPath(u.url);
  if (!at || !at.revision) return undefined;
  const where = at.pinned ? `commit ${at.revision}` : `branch ${at.revision}`;
  return `not on that ${at.pinned ? "commit" : "branch"}: ${at.path || "the folder"} is not on ${where}; cite the branch or, better, the commit where it exists`;
}

/** A cited repository file named by a branch (blob/main/...), not a commit: what it says can change or vanish with the branch. */
export function namesBranch(url: string): boolean {
  const at = revisionPath(url);
  return at !== undefined && at.revision !== "" && !at.pinned;
}

export function classify(now: CheckedUrl, previous: (CheckedUrl & { checkedOn: string }) | undefined): UrlFinding {
  if (isDead(now)) {
    const tries = now.attempts > 1 ? ` after ${now.attempts} attempts` : "";
    const revision = notOnRevision(now);
    return {
      url: now,
      states: ["dead"],
      previous,
      detail: `${describe(now)}${tries}${revision ? `: ${revision}` : ""}`,
    };
  }
  const states: UrlState[] = [];
  const details: string[] = [];
  if (isMoved(now)) {
    states.push("moved");
    details.push(`${now.redirects.map((r) => r.status).join("→")} to ${now.finalUrl}`);
  }
  if (previous && hasChanged(now, previous)) {
    states.push("changed");
    details.push(`content differs from the check of ${previous.checkedOn}`);
  }
  if (states.length === 0) states.push(previous ? "ok" : "new");
  return { url: now, states, previous, detail: details.join("; ") || describe(now) };
}

/** Entry id → its findings that need a person (dead, moved, changed), in URL order. */
export function findingsByEntry(findings: UrlFinding[]): Map<string, UrlFinding[]> {
  const byEntry = new Map<string, UrlFinding[]>();
  for (const f of findings) {
    if (!f.states.some((s) => s === "dead" || s === "moved" || s === "changed")) continue;
    for (const entry of new Set(f.url.citedBy.map((c) => c.entry)))
      byEntry.set(entry, [...(byEntry.get(entry) ?? []), f]);
  }
  return byEntry;
}
