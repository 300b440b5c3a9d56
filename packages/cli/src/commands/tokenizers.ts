import { parseArgs } from "../args.js";
import { loadRegistry } from "@corpus-census/tokenizers";
import { renderTable } from "../table.js";
import type { Output } from "../output.js";

export const TOKENIZERS_HELP = `census tokenizers [--json] [--catalog DIR]

Lists the named tokenizers of packages/tokenizers/registry.json. Any other model: --tokenizer
file:PATH/tokenizer.json, or hf:ORG/NAME (downloaded once into the cache; HF_TOKEN and
HF_ENDPOINT are honoured).`;

export function tokenizersCommand(argv: string[], out: Output): number {
  // --catalog is accepted as by every command; the tokenizers do not depend on it.
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean", default: false }, catalog: { type: "string" } }, strict: true });
  const registry = loadRegistry();
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
      { header: "source", value: (e) => (e.source.type === "tiktoken" ? `tiktoken ${e.source.encoding}` : `${e.source.package}/${e.source.file}`), maxWidth: 50 },
      { header: "licence", value: (e) => e.licence, maxWidth: 40 },
    ]),
  );
  return 0;
}
