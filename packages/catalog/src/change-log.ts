import { z } from "zod";
import { CHANGE_TYPES, type CatalogChange } from "./catalog-diff.js";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD");
const text = z.string().trim().min(1, "expected a non-empty string");

const catalogChangeSchema = z
  .object({
    entry: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected an entry id"),
    name: text,
    type: z.enum(CHANGE_TYPES, { error: `expected a change type, one of: ${CHANGE_TYPES.join(", ")}` }),
    old: text.nullable(),
    new: text.nullable(),
    source: z
      .url({ protocol: /^https?$/ })
      .or(z.literal("report"))
      .optional(),
  })
  .strict();

/** One recorded comparison of two versions of the catalog: what changed, and when it was recorded. */
const changeLogVersionSchema = z
  .object({
    recordedOn: date,
    /** The versions compared, as given to census diff (a git revision with its commit, or a folder). */
    from: text,
    to: text,
    changes: z.array(catalogChangeSchema),
  })
  .strict();

/** catalog/changes.json: the catalog's own history, kept by `census diff --record`, newest version last. */
export const changeLogSchema = z
  .object({
    $schema: z.string().optional(),
    versions: z.array(changeLogVersionSchema),
  })
  .strict();

export type ChangeLogVersion = z.infer<typeof changeLogVersionSchema>;
export type ChangeLog = z.infer<typeof changeLogSchema>;

/** The file's content for a log: stable key order and a trailing newline, so recording twice changes nothing. */
export function renderChangeLog(log: ChangeLog): string {
  return `${JSON.stringify({ versions: log.versions }, null, 2)}\n`;
}

/**
 * The log with one more version, unless a version with the same endpoints and the same changes is
 * already recorded (recording the same diff again is a no-op). Returns whether it was added.
 */
export function appendVersion(log: ChangeLog, version: ChangeLogVersion): { log: ChangeLog; added: boolean } {
  const same = (a: CatalogChange[], b: CatalogChange[]) => JSON.stringify(a) === JSON.stringify(b);
  const duplicate = log.versions.some(
    (v) => v.from === version.from && v.to === version.to && same(v.changes, version.changes),
  );
  if (duplicate) return { log, added: false };
  return { log: { versions: [...log.versions, version] }, added: true };
}
