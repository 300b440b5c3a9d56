import { z } from "zod";
import { LISTS } from "./schema.js";

/** Units a calibrated ratio converts from: what the counter measures in a document. */
export const CALIBRATION_UNITS = ["morphemes", "whitespace-words", "characters", "bytes-uncompressed"] as const;
export type CalibrationUnit = (typeof CALIBRATION_UNITS)[number];

/** Text kinds the samples are labelled with; catalog kinds map onto them (see estimate's text-kinds). */
export const TEXT_KINDS = ["web", "encyclopedia", "fiction", "conversation", "technical"] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

const interval = { value: z.number(), low: z.number(), high: z.number() };
const tool = z.object({ name: z.string(), version: z.string() }).strict();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

const sampleFileSchema = z
  .object({
    file: z.string(),
    format: z.enum(["text", "lines", "jsonl", "parquet", "mediawiki"]).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
    lang: z.enum(["ja", "en"]),
    textKind: z.enum(TEXT_KINDS),
    documents: z.number().int().nonnegative(),
    /**
     * The file's own totals: every unit and every tokenizer's tokens, summed over its documents.
     * What the prediction intervals are fitted to (files differ from one another more than a
     * file's documents vary around its own ratio). Absent in calibrations made before census recorded them.
     */
    totals: z
      .object({
        units: z.partialRecord(z.enum(CALIBRATION_UNITS), z.number().nonnegative()),
        tokens: z.record(z.string(), z.number().nonnegative()),
      })
      .strict()
      .optional(),
  })
  .strict();

const ratioSchema = z
  .object({
    tokenizer: z.string(),
    lang: z.enum(["ja", "en"]),
    textKind: z.enum(TEXT_KINDS),
    /** Tokens per one of this unit. */
    unit: z.enum(CALIBRATION_UNITS),
    ...interval,
    documents: z.number().int().positive(),
    tokens: z.number().nonnegative(),
    unitTotal: z.number().nonnegative(),
    /** The sample files (by sha256) the ratio pools. */
    samples: z.array(z.string()).min(1),
  })
  .strict();

export const calibrationSchema = z
  .object({
    $schema: z.string().optional(),
    type: z.literal("calibration"),
    id: z.string(),
    createdOn: date,
    tool,
    method: z.string(),
    confidence: z.number(),
    replicates: z.number().int().positive(),
    seed: z.number().int(),
    morphemeAnalyzer: z.string(),
    samples: z.array(sampleFileSchema).min(1),
    ratios: z.array(ratioSchema),
  })
  .strict();

/**
 * What a saved run covers: the whole corpus of its entry, one shard (or several) of it, or a
 * file of sample text from it. Only a run of the whole may stand for the entry in the report.
 */
export const COVERAGES = ["whole", "shard", "sample-file"] as const;
export type Coverage = (typeof COVERAGES)[number];

/** What a run read (or, for a sampled run, estimated for its inputs), to check against the catalog's sizes. */
const runCoverageSchema = z
  .object({
    covers: z.enum(COVERAGES, { error: `expected what the run covers, one of: ${COVERAGES.join(", ")}` }),
    /** Bytes of the inputs as stored (compressed or not), when known. */
    inputBytes: z.number().nonnegative().nullable(),
    /** Whether the inputs are uncompressed text files, whose size is comparable with a catalog's bytes-uncompressed. */
    uncompressed: z.boolean().nullable(),
    /** Documents in the inputs: counted, or the sample's estimate. */
    documents: z.number().nonnegative(),
    /** UTF-8 bytes and code points of the documents' text: counted, or the sample's estimate; null when unknown. */
    textBytes: z.number().nonnegative().nullable(),
    characters: z.number().nonnegative().nullable(),
  })
  .strict();

const estimateRunSchema = z
  .object({
    $schema: z.string().optional(),
    type: z.literal("estimate"),
    id: z.string(),
    createdOn: date,
    tool,
    /** The catalog entry this run measured, when it measured one. */
    entryId: z.string().optional(),
    list: z.enum(LISTS).optional(),
    inputs: z.array(
      z.object({ name: z.string(), bytes: z.number().nullable(), identity: z.string().nullable() }).strict(),
    ),
    method: z.string(),
    sampleFraction: z.number().positive().max(1),
    seed: z.number().int(),
    estimate: z
      .object({
        documents: z.object(interval).strict(),
        tokens: z.record(z.string(), z.object(interval).strict()),
      })
      .strict(),
    io: z.object({ bytesRead: z.number(), totalBytes: z.number().nullable() }).strict(),
    /** What the run covers; runs saved before it was recorded have none and never stand for an entry. */
    coverage: runCoverageSchema.optional(),
    notes: z.array(z.string()),
  })
  .strict();

export const measurementSchema = z.discriminatedUnion("type", [calibrationSchema, estimateRunSchema]);

export type Calibration = z.infer<typeof calibrationSchema>;
export type Ratio = z.infer<typeof ratioSchema>;
export type EstimateRun = z.infer<typeof estimateRunSchema>;
export type RunCoverage = z.infer<typeof runCoverageSchema>;
export type Measurement = z.infer<typeof measurementSchema>;
