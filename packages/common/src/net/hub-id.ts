/**
 * Hugging Face Hub ids as the Hub allows them (huggingface_hub's validate_repo_id): ORG/NAME,
 * each of letters, digits, `-`, `_` and `.`, not starting or ending with `-` or `.`, without
 * `--` or `..`, the name at most 96 characters; a revision (branch, tag or commit) of the same
 * characters and `/`, with no empty, `.` or `..` segment. An id is used to build cache paths and
 * URLs, so nothing else may pass: `hf:../..` would write outside the cache.
 */
export class HubIdError extends Error {
  override name = "HubIdError";
}

const PART = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;

function validPart(part: string, max: number): boolean {
  return part.length <= max && PART.test(part) && !part.includes("--") && !part.includes("..");
}

function validRevision(revision: string): boolean {
  return (
    revision.length > 0 &&
    revision.length <= 256 &&
    revision.split("/").every((segment) => /^[A-Za-z0-9_.-]+$/.test(segment) && segment !== "." && segment !== "..")
  );
}

/** `ORG/NAME` or `ORG/NAME@REVISION` (what follows `hf:`), checked; throws HubIdError saying what is allowed. */
export function parseHubId(spec: string, what = "hf:"): { org: string; name: string; revision?: string } {
  const at = spec.indexOf("@");
  const repo = at === -1 ? spec : spec.slice(0, at);
  const revision = at === -1 ? undefined : spec.slice(at + 1);
  const parts = repo.split("/");
  const ok =
    parts.length === 2 &&
    validPart(parts[0]!, 96) &&
    validPart(parts[1]!, 96) &&
    (revision === undefined || validRevision(revision));
  if (!ok) {
    throw new HubIdError(
      `${what}${spec}: not a Hugging Face id; expected ${what}ORG/NAME or ${what}ORG/NAME@REVISION, ORG and NAME of letters, digits, "-", "_" and "." (not at either end, no "--" or ".."), the revision without "." or ".." parts`,
    );
  }
  return { org: parts[0]!, name: parts[1]!, ...(revision !== undefined ? { revision } : {}) };
}

/** Checks every `hf:` name among tokenizer names or inputs; others pass. */
export function checkHubIds(names: string[]): void {
  for (const name of names) if (name.startsWith("hf:")) parseHubId(name.slice("hf:".length));
}
