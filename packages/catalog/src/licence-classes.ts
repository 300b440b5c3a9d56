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

const licenceClassSchema = z
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
    /**
     * Regular expressions (case-insensitive) that, found in what an entry says about its terms
     * (licence name and note, the commercial-use note), mean the entry is bound by these terms:
     * it must then name them, as its licence or as the terms of its contents (licence.contents).
     */
    mentions: z.array(pattern).optional(),
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
    /**
     * Regular expressions (case-insensitive) that, found in an entry's licence name or note, say
     * the licence covers only the compilation ("for the packaging only", "annotations only"):
     * such an entry must name the terms of its contents in licence.contents.
     */
    compilationOnly: z.array(pattern).optional(),
    classes: z.array(licenceClassSchema).min(1),
  })
  .strict();

type LicenceClass = z.infer<typeof licenceClassSchema>;
export type LicenceClasses = z.infer<typeof licenceClassesSchema>;

/** From the most to the least permissive: an AND of licences takes the least, an OR the most. */
const PERMISSIVENESS: readonly CommercialUse[] = [
  "allowed",
  "allowed-with-conditions",
  "by-agreement",
  "non-commercial",
  "research-only",
  "unknown",
];

interface LicenceClassMatch {
  commercialUse: CommercialUse;
  /** The table rows that gave the class (one per SPDX id of an expression). */
  classes: LicenceClass[];
}

function classOfSpdxId(classes: LicenceClass[], id: string): LicenceClass | undefined {
  return classes.find((c) => c.spdx?.some((p) => new RegExp(p, "u").test(id)));
}

/** The class the table gives named terms (no SPDX id): by their URL first, else by their name. */
function classOfNamedTerms(table: LicenceClasses, name: string, url: string | null): LicenceClass | undefined {
  const byUrl = url ? table.classes.find((c) => c.urls?.includes(url)) : undefined;
  return byUrl ?? table.classes.find((c) => c.names?.some((p) => new RegExp(p, "iu").test(name)));
}

function leastPermissive(a: CommercialUse, b: CommercialUse): CommercialUse {
  return PERMISSIVENESS.indexOf(a) >= PERMISSIVENESS.indexOf(b) ? a : b;
}

/** The class of the licence alone (the compilation's, when the contents have terms of their own). */
function classOfLicence(
  licence: Pick<Entry["licence"], "spdx" | "name" | "url">,
  table: LicenceClasses,
): LicenceClassMatch | undefined {
  const { spdx, name, url } = licence;
  if (spdx) {
    const alternatives = spdx
      .split(" OR ")
      .map((conjunction) =>
        conjunction.split(" AND ").map((part) => part.split(" WITH ")[0]!.replace(/[()]/g, "").trim()),
      );
    const matched: LicenceClass[] = [];
    let best: CommercialUse | undefined;
    for (const ids of alternatives) {
      let worst: CommercialUse | undefined;
      for (const id of ids) {
        const found = classOfSpdxId(table.classes, id);
        if (!found) return undefined;
        matched.push(found);
        if (worst === undefined || PERMISSIVENESS.indexOf(found.commercialUse) > PERMISSIVENESS.indexOf(worst))
          worst = found.commercialUse;
      }
      if (best === undefined || PERMISSIVENESS.indexOf(worst!) < PERMISSIVENESS.indexOf(best)) best = worst;
    }
    return { commercialUse: best!, classes: matched };
  }
  const found = classOfNamedTerms(table, name, url);
  return found ? { commercialUse: found.commercialUse, classes: [found] } : undefined;
}

/**
 * The class the table gives an entry's licence, or undefined when the table has no row for its
 * terms (bespoke terms: the entry's own reading stands, and the same-terms check still applies).
 * An SPDX expression is read as written: `A OR B` takes the more permissive class, `A AND B` the
 * less; an id the table does not know leaves the whole expression unclassified. When the licence
 * covers only the compilation (licence.contents), the class is the less permissive of the
 * compilation's and the contents' terms: a CC0 packaging of pages bound by Common Crawl's terms
 * of use has the class of those terms, as a corpus offered under those terms alone has.
 */
export function licenceClassOf(entry: Pick<Entry, "licence">, table: LicenceClasses): LicenceClassMatch | undefined {
  const compilation = classOfLicence(entry.licence, table);
  const contents = entry.licence.contents;
  if (!compilation || !contents) return compilation;
  const found = classOfNamedTerms(table, contents.name, contents.url);
  if (!found) return undefined;
  return {
    commercialUse: leastPermissive(compilation.commercialUse, found.commercialUse),
    classes: [...compilation.classes, found],
  };
}

/** A problem of one entry against the table, or undefined when it agrees or explains itself. */
export function licenceClassProblem(
  entry: Entry,
  table: LicenceClasses,
): { path: string; message: string } | undefined {
  const match = licenceClassOf(entry, table);
  if (!match || match.commercialUse === entry.commercialUse || entry.classReason) return undefined;
  const { spdx, name, contents } = entry.licence;
  const terms = `${spdx ?? name}${contents ? ` (the compilation), with contents under ${contents.name}` : ""}`;
  return {
    path: "commercialUse",
    message: `"${entry.commercialUse}" differs from "${match.commercialUse}", the class licence-classes.json gives ${terms} (${match.classes.map((c) => c.id).join(", ")}); give the reason in "classReason": { note, source }`,
  };
}

/**
 * The identity of an entry's terms: the SPDX expression, else the terms' URL, else their name;
 * with " + contents: " and the contents' terms when the licence covers only the compilation.
 */
export function termsIdentity(entry: Pick<Entry, "licence">): string {
  const { spdx, url, name, contents } = entry.licence;
  const own = spdx ?? url ?? name;
  return contents ? `${own} + contents: ${contents.url ?? contents.name}` : own;
}

/** What an entry says about its terms, where a mention of terms binding it is looked for. */
function termsText(entry: Entry): string {
  return [entry.licence.name, entry.licence.note ?? "", entry.terms.commercialUse.note].join("\n");
}

/** Whether the entry names `cls` as its licence or as its contents' terms. */
function namesTerms(entry: Entry, cls: LicenceClass, table: LicenceClasses): boolean {
  const { licence } = entry;
  if (classOfLicence(licence, table)?.classes.includes(cls)) return true;
  return (
    licence.contents !== undefined && classOfNamedTerms(table, licence.contents.name, licence.contents.url) === cls
  );
}

/**
 * Terms an entry says bind it but does not name (a class's `mentions` found in its licence
 * text while neither its licence nor licence.contents is that class), and a licence that says it
 * covers only the compilation without licence.contents. A collection (parts) is exempt: its
 * terms are its parts'.
 */
export function undeclaredTermsProblems(entry: Entry, table: LicenceClasses): { path: string; message: string }[] {
  if (entry.parts) return [];
  const problems: { path: string; message: string }[] = [];
  const said = termsText(entry);
  for (const cls of table.classes) {
    const mention = cls.mentions?.find((p) => new RegExp(p, "iu").test(said));
    if (!mention || namesTerms(entry, cls, table)) continue;
    problems.push({
      path: "licence",
      message: `the entry says it is bound by the terms of class "${cls.id}" (/${mention}/ in its licence or commercial-use note) but does not name them: give them as the licence, or as "contents": { name, url, source } when the licence covers only the compilation`,
    });
  }
  const ownText = [entry.licence.name, entry.licence.note ?? ""].join("\n");
  const compilationOnly = table.compilationOnly?.find((p) => new RegExp(p, "iu").test(ownText));
  if (compilationOnly && !entry.licence.contents) {
    problems.push({
      path: "licence",
      message: `the licence says it covers only the compilation (/${compilationOnly}/) but "licence.contents" does not name the terms of the contents`,
    });
  }
  const contents = entry.licence.contents;
  if (contents) {
    const contentsClass = classOfNamedTerms(table, contents.name, contents.url);
    if (contentsClass?.commercialUse !== "allowed" && !entry.flags.some((f) => f.code === "licence-unclear")) {
      problems.push({
        path: "flags",
        message: `the licence covers only the compilation and the contents' terms (${contents.url ?? contents.name}) do not clear them: the entry carries the licence-unclear flag`,
      });
    }
  }
  return problems;
}
