import { z } from "zod";
import { COMMERCIAL_USE, type CommercialUse, type Entry } from "./schema.js";

/**
 * The licence -> commercial-use table (catalog/licence-classes.json). Kept as data so the same
 * terms give the same class everywhere, and an entry that departs from its licence's class has
 * to say why (`classReason`).
 */
const text = z.string().trim().min(1, "expected a non-empty string");
const pattern = text.refine(
  (p) => {
    try {
      new RegExp(p, "iu");
      return true;
    } catch {
      return false;
    }
  },
  { message: "expected a regular expression" },
);

export const licenceClassSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected a lower-case slug"),
    terms: text,
    /** Regular expressions (anchored by their writer) matched against each id of an entry's SPDX expression. */
    spdx: z.array(pattern).optional(),
    /** For terms without an SPDX id: regular expressions matched (case-insensitive) against licence.name when spdx is null. */
    names: z.array(pattern).optional(),
    /** For terms without an SPDX id: the URLs of the terms' text, matched against licence.url when spdx is null. */
    urls: z.array(z.url()).optional(),
    commercialUse: z.enum(COMMERCIAL_USE),
    attribution: z.boolean(),
    shareAlike: z.boolean(),
    source: z.url(),
    note: text.optional(),
  })
  .strict()
  .refine((c) => (c.spdx?.length ?? 0) + (c.names?.length ?? 0) + (c.urls?.length ?? 0) > 0, {
    message: "a licence class must match something: spdx, names or urls",
  });

export const licenceClassesSchema = z
  .object({
    $schema: z.string().optional(),
    checkedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD"),
    note: text,
    classes: z.array(licenceClassSchema).min(1),
  })
  .strict();

export type LicenceClass = z.infer<typeof licenceClassSchema>;
export type LicenceClasses = z.infer<typeof licenceClassesSchema>;

/** From the most to the least permissive: an AND of licences takes the least, an OR the most. */
const PERMISSIVENESS: readonly CommercialUse[] = ["allowed", "allowed-with-conditions", "by-agreement", "non-commercial", "research-only", "unknown"];

export interface LicenceClassMatch {
  commercialUse: CommercialUse;
  /** The table rows that gave the class (one per SPDX id of an expression). */
  classes: LicenceClass[];
}

function classOfSpdxId(classes: LicenceClass[], id: string): LicenceClass | undefined {
  return classes.find((c) => c.spdx?.some((p) => new RegExp(p, "u").test(id)));
}

/**
 * The class the table gives an entry's licence, or undefined when the table has no row for its
 * terms (bespoke terms: the entry's own reading stands, and the same-terms check still applies).
 * An SPDX expression is read as written: `A OR B` takes the more permissive class, `A AND B` the
 * less; an id the table does not know leaves the whole expression unclassified.
 */
export function licenceClassOf(entry: Pick<Entry, "licence">, table: LicenceClasses): LicenceClassMatch | undefined {
  const { spdx, name, url } = entry.licence;
  if (spdx) {
    const alternatives = spdx.split(" OR ").map((conjunction) => conjunction.split(" AND ").map((part) => part.split(" WITH ")[0]!.replace(/[()]/g, "").trim()));
    const matched: LicenceClass[] = [];
    let best: CommercialUse | undefined;
    for (const ids of alternatives) {
      let worst: CommercialUse | undefined;
      for (const id of ids) {
        const found = classOfSpdxId(table.classes, id);
        if (!found) return undefined;
        matched.push(found);
        if (worst === undefined || PERMISSIVENESS.indexOf(found.commercialUse) > PERMISSIVENESS.indexOf(worst)) worst = found.commercialUse;
      }
      if (best === undefined || PERMISSIVENESS.indexOf(worst!) < PERMISSIVENESS.indexOf(best)) best = worst;
    }
    return { commercialUse: best!, classes: matched };
  }
  const byUrl = url ? table.classes.find((c) => c.urls?.includes(url)) : undefined;
  const found = byUrl ?? table.classes.find((c) => c.names?.some((p) => new RegExp(p, "iu").test(name)));
  return found ? { commercialUse: found.commercialUse, classes: [found] } : undefined;
}

/** A problem of one entry against the table, or undefined when it agrees or explains itself. */
export function licenceClassProblem(entry: Entry, table: LicenceClasses): { path: string; message: string } | undefined {
  const match = licenceClassOf(entry, table);
  if (!match || match.commercialUse === entry.commercialUse || entry.classReason) return undefined;
  const terms = entry.licence.spdx ?? entry.licence.name;
  return {
    path: "commercialUse",
    message: `"${entry.commercialUse}" differs from "${match.commercialUse}", the class licence-classes.json gives ${terms} (${match.classes.map((c) => c.id).join(", ")}); give the reason in "classReason": { note, source }`,
  };
}

/** The identity of an entry's terms when no SPDX id names them: their URL, else their name. */
export function termsIdentity(entry: Pick<Entry, "licence">): string {
  return entry.licence.spdx ?? entry.licence.url ?? entry.licence.name;
}
