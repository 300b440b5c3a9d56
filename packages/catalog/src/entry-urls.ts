import type { Entry } from "./schema.js";

/** Every URL field of an entry, with its field path, in the order of the schema. */
export function entryUrlFields(e: Entry): [string, string | null | undefined][] {
  return [
    ["homepage", e.homepage],
    ["licence.url", e.licence.url],
    ["licence.source", e.licence.source],
    ["licence.contents.url", e.licence.contents?.url],
    ["licence.contents.source", e.licence.contents?.source],
    ["terms.commercialUse.source", e.terms.commercialUse.source],
    ["terms.access.source", e.terms.access.source],
    ["acquisition.url", e.acquisition.url],
    ["acquisition.source", e.acquisition.source],
    ...e.sizes.map((s, i): [string, string] => [`sizes[${i}].source`, s.source]),
    ...e.flags.map((f, i): [string, string] => [`flags[${i}].source`, f.source]),
    ...(e.classReason ? [["classReason.source", e.classReason.source] as [string, string]] : []),
    ...e.sources.map((s, i): [string, string] => [`sources[${i}]`, s]),
  ];
}

/** A file or folder of a repository at a revision, as a forge's URL names it. */
interface RevisionPath {
  /** "blob" (a file's page), "tree" (a folder), "raw" or "resolve" (a file's bytes). */
  kind: "blob" | "tree" | "raw" | "resolve";
  /** The branch, tag or commit the URL names. */
  revision: string;
  /** True when the revision is a full commit hash: what the URL shows cannot change or vanish with a branch. */
  pinned: boolean;
  /** The path inside the repository ("" for a tree URL of the root). */
  path: string;
}

/**
 * The revision and path a repository URL names: github.com/OWNER/REPO/blob/REV/PATH, a
 * Hugging Face huggingface.co/datasets/ORG/NAME/blob/REV/PATH (or resolve/, raw/), a GitLab
 * .../-/blob/REV/PATH. Undefined for any other URL. A branch name containing "/" cannot be told
 * from the path; its first segment is taken.
 */
export function revisionPath(url: string): RevisionPath | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = /^\/(?:[^/]+\/){2,3}(?:-\/)?(blob|tree|raw|resolve)(?:\/([^/]*))?(?:\/(.*))?$/.exec(pathname);
  if (!m) return undefined;
  const revision = decodeURIComponent(m[2] ?? "");
  return {
    kind: m[1] as RevisionPath["kind"],
    revision,
    pinned: /^[0-9a-f]{40}$/.test(revision),
    path: decodeURIComponent(m[3] ?? ""),
  };
}

/**
 * What is wrong with the form of a GitHub file or folder URL, offline: it must name a branch or
 * commit after blob/ or tree/, and a blob URL must name a file. Undefined for a well-formed URL
 * or any URL that is not one of these.
 */
export function githubUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.hostname !== "github.com" && u.hostname !== "www.github.com") return undefined;
  const segments = u.pathname.split("/").filter(Boolean);
  const kind = segments[2];
  if (kind !== "blob" && kind !== "tree") return undefined;
  if (!segments[3])
    return `a GitHub ${kind} URL names no branch or commit: expected github.com/OWNER/REPO/${kind}/BRANCH-OR-COMMIT/PATH`;
  if (kind === "blob" && segments.length < 5)
    return `a GitHub blob URL names no file: expected github.com/OWNER/REPO/blob/BRANCH-OR-COMMIT/PATH`;
  return undefined;
}
