import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import kuromoji from "kuromoji";

const require = createRequire(import.meta.url);

export interface MorphemeCounter {
  count(text: string): number;
}

/**
 * Japanese morphemes by kuromoji with its bundled IPADIC dictionary: the closest public
 * stand-in for NINJAL's short-unit words (短単位); IPADIC units are close to, not the same as,
 * short units. Whitespace tokens are not morphemes and are not counted.
 */
export async function createMorphemeCounter(): Promise<MorphemeCounter> {
  const dicPath = join(dirname(require.resolve("kuromoji/package.json")), "dict");
  const tokenizer = await new Promise<kuromoji.Tokenizer<kuromoji.IpadicFeatures>>((resolve, reject) => {
    kuromoji.builder({ dicPath }).build((error, built) => (error ? reject(error) : resolve(built)));
  });
  return {
    count(text: string): number {
      let n = 0;
      for (const token of tokenizer.tokenize(text)) if (token.surface_form.trim().length > 0) n++;
      return n;
    },
  };
}
