import { z } from "zod";
import { TEXT_KINDS } from "./measurements.js";

/**
 * Publisher checks: where a corpus's maker published two units of the same text (UTF-8 bytes and
 * Llama tokens, characters and short-unit words), census converts the one and holds the result
 * against the other, in the open. Kept as data (catalog/publisher-checks.json), each figure with
 * the quote and the source it came from.
 */
const text = z.string().trim().min(1, "expected a non-empty string");
const url = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

const publishedFigureSchema = z
  .object({
    value: z.number().positive(),
    /** What the publisher counted, in the catalog's size units. */
    unit: z.enum(["bytes-uncompressed", "characters", "short-unit-words", "words", "tokens"]),
    /** For tokens: the publisher's tokenizer, as it names it. */
    tokenizer: text.optional(),
    /** For words: how the publisher segmented them. */
    segmenter: text.optional(),
    quote: text,
    source: url,
  })
  .strict();

const publisherCheckSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected a lowercase id with hyphens"),
    corpus: text,
    /** The catalog entry, when the corpus is one. */
    entry: z.string().optional(),
    lang: z.enum(["ja", "en"]),
    /** The calibration kind the corpus is converted as, and whether that is its own kind or a judgement. */
    textKind: z.enum(TEXT_KINDS),
    sameKind: z.boolean(),
    scope: text,
    /** The figure census converts (bytes or characters of the text). */
    from: publishedFigureSchema.extend({ unit: z.enum(["bytes-uncompressed", "characters"]) }),
    /** The figure census's conversion is held against. */
    published: publishedFigureSchema,
    /** What census measures in place of the published unit: a registry tokenizer id, or "unit:morphemes" (kuromoji). */
    measuredAs: text,
    note: text.optional(),
  })
  .strict();

export const publisherChecksSchema = z
  .object({
    $comment: z.string().optional(),
    checkedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD"),
    note: text,
    checks: z.array(publisherCheckSchema),
  })
  .strict();

export type PublisherCheck = z.infer<typeof publisherCheckSchema>;
