import { CountPool } from "@corpus-census/count";
import type { TokenizerSpec } from "@corpus-census/tokenizers";

/** Counts tokens of documents, per tokenizer in a fixed order. */
export interface DocumentTokenCounter {
  readonly tokenizers: string[];
  count(texts: string[]): Promise<number[][]>;
  close(): Promise<void>;
}

/** Counts in worker threads, as census count does. */
export async function poolDocumentCounter(specs: TokenizerSpec[], workers: number): Promise<DocumentTokenCounter> {
  const pool = await CountPool.start(workers, { specs, morphemes: false });
  return {
    tokenizers: specs.map((s) => s.id),
    async count(texts) {
      const results: Promise<number[][]>[] = [];
      for (let i = 0; i < texts.length; i += 256) {
        results.push(pool.count(texts.slice(i, i + 256), true).then((r) => r.perDocument!.map((d) => d.tokens)));
      }
      return (await Promise.all(results)).flat();
    },
    close: () => pool.close(),
  };
}
