import { z } from "zod";

/**
 * The catalog's schema. Filterable facts are enums; free text is only for notes.
 * Bump SCHEMA_VERSION when an entry written for the old schema would no longer validate.
 */
export const SCHEMA_VERSION = "1.1.0";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD");

/** A published date may be only a year or a month: "2020", "2023-03", "2023-03-01". */
const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "expected YYYY, YYYY-MM or YYYY-MM-DD");

const url = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

/** Where a fact came from: a URL, or the METI report itself when that is the only source. */
export const REPORT_SOURCE = "report";
const source = z.union([url, z.literal(REPORT_SOURCE)], {
  error: `expected an http(s) URL or "${REPORT_SOURCE}" (the METI report itself)`,
});

/** The 2024 report's lists (an entry on one of them has a `report` position). */
export const REPORT_LISTS = ["ja", "en", "other"] as const;
/** The lists of the catalog: the report's, then `current`, the corpora Japanese LLMs are trained on today (no report position). */
export const LISTS = [...REPORT_LISTS, "current"] as const;
export const CURRENT_LIST = "current" as const;
export const COMMERCIAL_USE = [
  "allowed",
  "allowed-with-conditions",
  "non-commercial",
  "research-only",
  "by-agreement",
  "unknown",
] as const;
export const ACCESS = [
  "open-download",
  "registration",
  "application",
  "paid",
  "search-only",
  "not-distributed",
] as const;
export const KINDS = [
  "web-crawl",
  "encyclopedia",
  "balanced-written",
  "news",
  "books",
  "magazines",
  "academic",
  "legal",
  "patents",
  "parliamentary",
  "government",
  "reviews",
  "subtitles",
  "speech-transcripts",
  "conversation",
  "dialogue",
  "dialect",
  "learner-language",
  "historical",
  "qa",
  "parallel",
  "translation",
  "images",
  "mixed",
  "unknown",
] as const;
const CONFIDENCE = ["high", "medium", "low"] as const;
export const FLAG_CODES = [
  "not-text",
  "no-such-language",
  "not-found",
  "not-released",
  "withdrawn",
  "search-only",
  "subset-of",
  "overlaps",
  "whitespace-word-count",
  "misnamed",
  "speech-transcript",
  "learner-language",
  "historical-language",
  "machine-translated",
  "size-unpublished",
  "licence-unclear",
  "not-a-corpus",
] as const;

/** Flags that say the entry is not text in the listed language. */
export const NOT_USABLE_TEXT_FLAGS = [
  "not-text",
  "no-such-language",
  "not-found",
  "not-released",
  "withdrawn",
] as const;
/** Flags that name another entry. */
export const FLAGS_WITH_TARGET = ["subset-of", "overlaps"] as const;

/**
 * What a size counts. Numbers of different units are never added.
 * - short-unit-words / long-unit-words: NINJAL's 短単位 / 長単位
 * - words: the publisher's "words", counting method not stated (English corpora mostly)
 * - whitespace-words: tokens between whitespace
 * - tokens: subword tokens of the tokenizer named in `tokenizer`
 */
const SIZE_UNITS = [
  "short-unit-words",
  "long-unit-words",
  "morphemes",
  "words",
  "whitespace-words",
  "tokens",
  "characters",
  "sentences",
  "utterances",
  "documents",
  "dialogues",
  "articles",
  "pages",
  "texts",
  "items",
  "images",
  "qa-pairs",
  "sentence-pairs",
  "speakers",
  "hours-of-speech",
  "bytes-uncompressed",
  "bytes-compressed",
] as const;

const text = z.string().trim().min(1, "expected a non-empty string");

export const sizeSchema = z
  .object({
    value: z.number({ error: "expected a number" }).nonnegative("a size cannot be negative"),
    unit: z.enum(SIZE_UNITS, { error: `expected a unit, one of: ${SIZE_UNITS.join(", ")}` }),
    /** Only for unit "tokens": which tokenizer produced them. */
    tokenizer: text.optional(),
    /** The figure as the source prints it ("約1億430万語", "69 GB"), so a reader can check the conversion. */
    quote: text.optional(),
    /** What the figure covers when it is not the whole entry (a sub-corpus, a version). */
    scope: text.optional(),
    /**
     * The release of the corpus the figure measures ("v3"), when the entry's corpus has several
     * releases. A figure of another release than the entry's `version` is kept as history: it is
     * never converted or summed for the entry (today's totals use the entry's own release).
     */
    corpusVersion: text.optional(),
    /**
     * Only for sizes in bytes: what else the measured files hold when the figure is not the
     * text alone (record framing, metadata columns, markup). Such a size is converted only
     * when the entry has no figure closer to its text.
     */
    container: text.optional(),
    source,
    asOf: partialDate,
    note: text.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.unit === "tokens" && !s.tokenizer) {
      ctx.addIssue({ code: "custom", path: ["tokenizer"], message: 'a size in unit "tokens" must name its tokenizer' });
    }
    if (s.container !== undefined && s.unit !== "bytes-uncompressed" && s.unit !== "bytes-compressed") {
      ctx.addIssue({
        code: "custom",
        path: ["container"],
        message: `"container" describes a size in bytes; this size is in ${s.unit}`,
      });
    }
  });

const flagSchema = z
  .object({
    code: z.enum(FLAG_CODES, { error: `expected a flag code, one of: ${FLAG_CODES.join(", ")}` }),
    /** For subset-of / overlaps: the id of the other entry. */
    target: text.optional(),
    note: text,
    source,
  })
  .strict()
  .superRefine((f, ctx) => {
    const needsTarget = (FLAGS_WITH_TARGET as readonly string[]).includes(f.code);
    if (needsTarget && !f.target) {
      ctx.addIssue({
        code: "custom",
        path: ["target"],
        message: `flag "${f.code}" must name another entry's id in "target"`,
      });
    }
    if (!needsTarget && f.target) {
      ctx.addIssue({ code: "custom", path: ["target"], message: `flag "${f.code}" takes no "target"` });
    }
  });

/** A fact with the URL it came from. */
const evidence = z
  .object({
    note: text,
    source,
  })
  .strict();

/**
 * The terms that bind the contents of a compilation when the entry's licence covers only the
 * compilation (its selection, packaging, metadata or annotations): Common Crawl's terms of use
 * for the pages a crawl-derived corpus holds, "public domain" for out-of-copyright texts, "no
 * licence" for web texts nobody licenses. The entry's class is the less permissive of the two.
 */
const contentsTermsSchema = z
  .object({
    name: text,
    url: url.nullable(),
    source,
    note: text.optional(),
  })
  .strict();

const licenceSchema = z
  .object({
    /** SPDX licence id where one exists, else null. */
    spdx: z
      .string()
      .regex(/^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$/, "expected an SPDX licence expression")
      .nullable(),
    name: text,
    url: url.nullable(),
    source,
    note: text.optional(),
    /** Present when the licence covers the compilation but not its contents: the terms the contents are under. */
    contents: contentsTermsSchema.optional(),
  })
  .strict();

const acquisitionSchema = z
  .object({
    url: url.nullable(),
    huggingFace: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, "expected a Hugging Face dataset id ORG/NAME")
      .nullable(),
    steps: z.array(text).min(1, "expected at least one step"),
    cost: text.nullable(),
    source,
  })
  .strict();

const entryId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected a lower-case slug like cc100-ja");

export const entrySchema = z
  .object({
    $schema: z.string().optional(),
    id: entryId,
    /** The entry's position on the report's list; absent for an entry of the `current` list. */
    report: z
      .object({
        list: z.enum(REPORT_LISTS),
        number: z.number().int().positive(),
        name: text,
      })
      .strict()
      .optional(),
    name: z.object({ ja: text, en: text }).strict(),
    publisher: text,
    homepage: url.nullable(),
    kind: z.enum(KINDS, { error: `expected a kind, one of: ${KINDS.join(", ")}` }),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, "expected a BCP 47 language tag like ja or en"))
      .min(1),
    description: z.object({ ja: text, en: text }).strict(),
    licence: licenceSchema,
    commercialUse: z.enum(COMMERCIAL_USE, { error: `expected one of: ${COMMERCIAL_USE.join(", ")}` }),
    access: z.enum(ACCESS, { error: `expected one of: ${ACCESS.join(", ")}` }),
    /** Why commercialUse and access have the values they have. */
    terms: z.object({ commercialUse: evidence, access: evidence }).strict(),
    acquisition: acquisitionSchema,
    sizes: z.array(sizeSchema),
    flags: z.array(flagSchema),
    sources: z.array(url).min(1, "expected at least one source URL"),
    checkedOn: isoDate,
    confidence: z.enum(CONFIDENCE),
    /** What could not be verified, so a reader knows what a low confidence is about. */
    unknowns: z.array(text),
    /** The release of the corpus this entry describes ("v4"), when it has several; sizes name theirs in corpusVersion. */
    version: text.optional(),
    /** A collection whose parts carry different licences: the ids of its parts, in order. */
    parts: z.array(entryId).min(1, "a collection lists at least one part").optional(),
    /** In a part's entry: the id of its collection (the newest, when it is in several). */
    partOf: entryId.optional(),
    /** Why commercialUse differs from the class its licence has in catalog/licence-classes.json. */
    classReason: evidence.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.confidence === "low" && e.unknowns.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["unknowns"],
        message: "a low-confidence entry must say in unknowns what could not be verified",
      });
    }
    e.sizes.forEach((s, i) => {
      if (s.corpusVersion !== undefined && e.version === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["sizes", i, "corpusVersion"],
          message: 'a size naming its corpus release needs the entry\'s own release in "version"',
        });
      }
    });
    if (e.commercialUse === "unknown" && e.unknowns.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["unknowns"],
        message: 'commercialUse "unknown" must be explained in unknowns',
      });
    }
  });

export type Entry = z.infer<typeof entrySchema>;

/** Whether a size measures the release the entry describes (a size or an entry without a release name does). */
export function isOwnRelease(entry: Pick<Entry, "version">, size: Pick<Size, "corpusVersion">): boolean {
  return size.corpusVersion === undefined || entry.version === undefined || size.corpusVersion === entry.version;
}
export type Size = z.infer<typeof sizeSchema>;
export type Flag = z.infer<typeof flagSchema>;
export type ListId = (typeof LISTS)[number];

/** The list an entry is on: its report list, or `current` for an entry without a report position. */
export function entryList(entry: Pick<Entry, "report">): ListId {
  return entry.report?.list ?? CURRENT_LIST;
}
export type CommercialUse = (typeof COMMERCIAL_USE)[number];
export type Access = (typeof ACCESS)[number];
export type Kind = (typeof KINDS)[number];
export type FlagCode = (typeof FLAG_CODES)[number];
export type SizeUnit = (typeof SIZE_UNITS)[number];

const referenceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    name: text,
    tokens: z.number().nonnegative().nullable(),
    parameters: z.number().nonnegative().nullable(),
    bytes: z.number().nonnegative().nullable(),
    note: text.optional(),
    source,
    reportSays: text,
  })
  .strict();

export const referencesSchema = z
  .object({
    $schema: z.string().optional(),
    checkedOn: isoDate,
    references: z.array(referenceSchema).min(1),
  })
  .strict();

export type Reference = z.infer<typeof referenceSchema>;
