import type { Entry, Flag, Size } from "./schema.js";
import { formatSize } from "./format.js";

/** What kind of fact changed between two versions of an entry. */
export const CHANGE_TYPES = [
  "added",
  "removed",
  "commercial-use",
  "access",
  "licence",
  "size-added",
  "size-removed",
  "size-updated",
  "flag-added",
  "flag-removed",
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** One changed fact of one entry; `old`/`new` are the fact as a reader would quote it (null when absent). */
export interface CatalogChange {
  entry: string;
  /** The entry's English name in the newer version (the older one for a removed entry). */
  name: string;
  type: ChangeType;
  old: string | null;
  new: string | null;
  /** The source the newer version gives for the fact, when it gives one. */
  source?: string;
}

function licenceText(e: Entry): string {
  return e.licence.spdx ? `${e.licence.spdx} (${e.licence.name})` : e.licence.name;
}

/** Sizes are matched by what they count (unit, tokenizer) and what they cover (scope). */
function sizeKey(s: Size): string {
  return [s.unit, s.tokenizer ?? "", s.scope ?? ""].join("\u0000");
}

function sizeText(s: Size): string {
  return `${formatSize(s)} (as of ${s.asOf})`;
}

function flagKey(f: Flag): string {
  return f.target ? `${f.code} → ${f.target}` : f.code;
}

/** Pairs items by key, in order; returns the unmatched on each side and the matched pairs. */
function pairBy<T>(older: T[], newer: T[], key: (t: T) => string): { removed: T[]; added: T[]; kept: [T, T][] } {
  const pool = new Map<string, T[]>();
  for (const t of older) pool.set(key(t), [...(pool.get(key(t)) ?? []), t]);
  const added: T[] = [];
  const kept: [T, T][] = [];
  for (const t of newer) {
    const same = pool.get(key(t));
    const match = same?.shift();
    if (match === undefined) added.push(t);
    else kept.push([match, t]);
  }
  const removed = [...pool.values()].flat();
  return { removed, added, kept };
}

function entryChanges(older: Entry, newer: Entry): CatalogChange[] {
  const base = { entry: newer.id, name: newer.name.en };
  const changes: CatalogChange[] = [];
  if (older.commercialUse !== newer.commercialUse) {
    changes.push({
      ...base,
      type: "commercial-use",
      old: older.commercialUse,
      new: newer.commercialUse,
      source: newer.terms.commercialUse.source,
    });
  }
  if (older.access !== newer.access) {
    changes.push({ ...base, type: "access", old: older.access, new: newer.access, source: newer.terms.access.source });
  }
  if (licenceText(older) !== licenceText(newer) || older.licence.url !== newer.licence.url) {
    changes.push({
      ...base,
      type: "licence",
      old: licenceText(older),
      new: licenceText(newer),
      source: newer.licence.source,
    });
  }
  const sizes = pairBy(older.sizes, newer.sizes, sizeKey);
  for (const s of sizes.removed) changes.push({ ...base, type: "size-removed", old: sizeText(s), new: null });
  for (const s of sizes.added)
    changes.push({ ...base, type: "size-added", old: null, new: sizeText(s), source: s.source });
  for (const [o, n] of sizes.kept) {
    if (o.value !== n.value || o.asOf !== n.asOf)
      changes.push({ ...base, type: "size-updated", old: sizeText(o), new: sizeText(n), source: n.source });
  }
  const flags = pairBy(older.flags, newer.flags, flagKey);
  for (const f of flags.removed) changes.push({ ...base, type: "flag-removed", old: flagKey(f), new: null });
  for (const f of flags.added)
    changes.push({ ...base, type: "flag-added", old: null, new: flagKey(f), source: f.source });
  return changes;
}

/**
 * What changed from one version of the catalog to another, entry by entry, in the newer
 * version's order (removed entries last, in the older version's order).
 */
export function diffCatalogs(older: readonly Entry[], newer: readonly Entry[]): CatalogChange[] {
  const olderById = new Map(older.map((e) => [e.id, e]));
  const newerIds = new Set(newer.map((e) => e.id));
  const changes: CatalogChange[] = [];
  for (const entry of newer) {
    const before = olderById.get(entry.id);
    if (!before)
      changes.push({
        entry: entry.id,
        name: entry.name.en,
        type: "added",
        old: null,
        new: `${entry.commercialUse}, ${entry.access}`,
      });
    else changes.push(...entryChanges(before, entry));
  }
  for (const entry of older) {
    if (!newerIds.has(entry.id))
      changes.push({
        entry: entry.id,
        name: entry.name.en,
        type: "removed",
        old: `${entry.commercialUse}, ${entry.access}`,
        new: null,
      });
  }
  return changes;
}
