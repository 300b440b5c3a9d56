import { defineCommand } from "../command-definition.js";
import { describeCounter, loadRegistry, resolveTokenizer, type CounterDescription } from "@corpus-census/tokenizers";
import { renderTable } from "../table.js";
import type { Output } from "../output.js";

export const tokenizersDefinition = defineCommand({
  usage: "census tokenizers [--json] [--catalog DIR]",
  description: `Lists the named tokenizers of packages/tokenizers/registry.json, and which implementation counts
each (a count-only family, or the @huggingface/tokenizers library and why). Any other model:
--tokenizer file:PATH/tokenizer.json, or hf:ORG/NAME (downloaded once into the cache; HF_TOKEN
and HF_ENDPOINT are honoured).`,
  // --catalog is accepted as by every command; the tokenizers do not depend on it.
  options: { json: { type: "boolean", default: false }, catalog: { type: "string" } },
  positionals: false,
  run: ({ values }, out) => tokenizersCommand(values, out),
});

async function tokenizersCommand(values: { json: boolean }, out: Output): Promise<number> {
  const registry = await Promise.all(
    loadRegistry().map(async (entry) => ({ ...entry, counter: await counterOf(entry.id) })),
  );
  if (values.json) {
    out.stdout(JSON.stringify(registry, null, 2));
    return 0;
  }
  out.stdout(
    renderTable(registry, [
      { header: "id", value: (e) => e.id },
      { header: "family", value: (e) => e.family },
      { header: "vocab", value: (e) => e.vocabSize.toLocaleString("en-US"), align: "right" },
      { header: "models", value: (e) => e.models.join(", "), maxWidth: 40 },
      {
        header: "source",
        value: (e) =>
          e.source.type === "tiktoken" ? `tiktoken ${e.source.encoding}` : `${e.source.package}/${e.source.file}`,
        maxWidth: 50,
      },
      { header: "licence", value: (e) => e.licence, maxWidth: 40 },
      {
        header: "counted by",
        value: (e) => (e.counter.fast ? e.counter.implementation : `${e.counter.implementation}: ${e.counter.reason}`),
        maxWidth: 60,
      },
    ]),
  );
  return 0;
}

/** Which implementation counts a registry tokenizer, and why; a file that cannot be read says so instead of ending the list. */
async function counterOf(
  id: string,
): Promise<CounterDescription | { implementation: "unavailable"; fast: false; reason: string }> {
  try {
    return describeCounter(await resolveTokenizer(id));
  } catch (error) {
    return { implementation: "unavailable", fast: false, reason: (error as Error).message };
  }
}
