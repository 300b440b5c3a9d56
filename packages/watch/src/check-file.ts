import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { readJsonFile } from "@corpus-census/catalog";
import { writeAtomically } from "@corpus-census/common";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

const checkedUrlSchema = z
  .object({
    url: z.string(),
    citedBy: z.array(z.object({ entry: z.string(), field: z.string() }).strict()),
    status: z.number().int().nullable(),
    finalUrl: z.string(),
    redirects: z.array(z.object({ url: z.string(), status: z.number().int(), location: z.string() }).strict()),
    error: z.string().optional(),
    attempts: z.number().int().positive(),
    contentType: z.string().optional(),
    etag: z.string().optional(),
    lastModified: z.string().optional(),
    contentLength: z.number().int().nonnegative().optional(),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    truncated: z.boolean().optional(),
  })
  .strict();

/** catalog/checks/<date>.json: what every cited URL answered on one day. */
const checkFileSchema = z
  .object({
    checkedOn: date,
    tool: z.object({ name: z.string(), version: z.string() }).strict(),
    userAgent: z.string(),
    /** The entries the check was limited to (--only), or null for the whole catalog. */
    only: z.array(z.string()).nullable(),
    urls: z.array(checkedUrlSchema),
  })
  .strict();

export type CheckFile = z.infer<typeof checkFileSchema>;
export type CheckedUrl = z.infer<typeof checkedUrlSchema>;

export function checksDir(catalogDir: string): string {
  return join(catalogDir, "checks");
}

/** The check files in a folder, oldest first (their names are their dates). */
function checkFileNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n))
      .sort();
  } catch {
    return [];
  }
}

function readCheckFile(path: string): CheckFile {
  return readJsonFile(path, checkFileSchema, "check file");
}

/** The newest earlier check, merged back to the latest record of each URL it or older checks hold. */
export function previousChecks(dir: string): {
  dates: string[];
  byUrl: Map<string, CheckedUrl & { checkedOn: string }>;
} {
  const names = checkFileNames(dir);
  const byUrl = new Map<string, CheckedUrl & { checkedOn: string }>();
  // A check limited with --only holds some URLs; older files keep the others' last record.
  for (const name of names) {
    const file = readCheckFile(join(dir, name));
    for (const u of file.urls) byUrl.set(u.url, { ...u, checkedOn: file.checkedOn });
  }
  return { dates: names.map((n) => n.slice(0, 10)), byUrl };
}

/**
 * A second check on the same day: the URLs checked now replace their earlier records, the
 * others are kept (a check limited with --only must not erase the day's full check).
 */
function mergeSameDay(earlier: CheckFile, now: CheckFile): CheckFile {
  const checkedNow = new Set(now.urls.map((u) => u.url));
  const urls = [...now.urls, ...earlier.urls.filter((u) => !checkedNow.has(u.url))].sort((a, b) =>
    a.url < b.url ? -1 : a.url > b.url ? 1 : 0,
  );
  const only = earlier.only === null || now.only === null ? null : [...new Set([...earlier.only, ...now.only])].sort();
  return { ...now, only, urls };
}

/** Writes the day's check whole or not at all (a temporary file, fsync, rename), merged with an earlier check of the same day. */
export function writeCheckFile(dir: string, check: CheckFile): string {
  const path = join(dir, `${check.checkedOn}.json`);
  if (existsSync(path)) check = mergeSameDay(readCheckFile(path), check);
  writeAtomically(path, `${JSON.stringify(check, null, 2)}\n`);
  return path;
}
