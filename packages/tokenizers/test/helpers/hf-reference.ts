import { createRequire } from "node:module";

// The reference: Hugging Face tokenizers (the Rust library, native Node binding), encode with
// add_special_tokens = false.
const require = createRequire(import.meta.url);
const { Tokenizer: NativeTokenizer } = require("tokenizers") as typeof import("tokenizers");

/** The number of tokens Hugging Face tokenizers encodes each text into with the tokenizer.json at `path`, `batch` texts at a time. */
export async function referenceCounts(path: string, texts: string[], batch: number): Promise<number[]> {
  const native = NativeTokenizer.fromFile(path);
  const out: number[] = [];
  for (let i = 0; i < texts.length; i += batch) {
    const encodings = await native.encodeBatch(texts.slice(i, i + batch), { addSpecialTokens: false });
    for (const e of encodings) out.push(e.getIds().length);
  }
  return out;
}

/** The texts whose count by `count` differs from `expected`, each as "text… (N units): ours vs reference". */
export function mismatches(texts: string[], expected: number[], count: (text: string) => number): string[] {
  const out: string[] = [];
  texts.forEach((text, i) => {
    const got = count(text);
    if (got !== expected[i])
      out.push(`${JSON.stringify(text.slice(0, 80))} (${text.length} units): ${got} vs ${expected[i]}`);
  });
  return out;
}
