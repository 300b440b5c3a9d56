import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type kuromoji from "kuromoji";

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
  // Loaded with --morphemes only, not by every worker of every count.
  const { default: kuromojiModule } = await import("kuromoji");
  const tokenizer = await new Promise<kuromoji.Tokenizer<kuromoji.IpadicFeatures>>((resolve, reject) => {
    kuromojiModule.builder({ dicPath }).build((error, built) => (error ? reject(error) : resolve(built)));
  });
  return {
    count(text: string): number {
      let n = 0;
      for (const piece of morphemePieces(text)) {
        for (const token of tokenizer.tokenize(piece)) if (token.surface_form.trim().length > 0) n++;
      }
      return n;
    },
  };
}

/** Longest text handed to kuromoji at once: its lattice grows with the sentence, and a line without 。 is one sentence. */
const PIECE_CHARS = 2048;

/**
 * Lines, and long lines cut after whitespace or punctuation: kuromoji splits only at 、 and 。,
 * so an English article or a long line would otherwise be one lattice of tens of thousands of
 * characters (gigabytes of memory). A morpheme never spans a line break or the chosen cut.
 */
export function* morphemePieces(text: string): Generator<string> {
  for (const line of text.split("\n")) {
    let rest = line;
    while (rest.length > PIECE_CHARS) {
      const window = rest.slice(0, PIECE_CHARS);
      const match = /[\s、。，．,.!?！？」）)][^\s、。，．,.!?！？」）)]*$/u.exec(window);
      const cut = match && match.index > 0 ? match.index + 1 : PIECE_CHARS;
      yield rest.slice(0, cut);
      rest = rest.slice(cut);
    }
    if (rest.length > 0) yield rest;
  }
}
