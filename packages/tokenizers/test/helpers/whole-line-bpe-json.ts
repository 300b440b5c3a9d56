/**
 * A tokenizer.json of Llama 2's shape (whole-line BPE with byte fallback: " " replaced by "▁",
 * optionally a "▁" prepended), with the given vocabulary, merges and special tokens, for tests
 * that build a small model where the real ones lack a case.
 */
export function wholeLineBpeJson(options: {
  vocab: Record<string, number>;
  merges: string[];
  specialTokens: string[];
  prefix: boolean;
}): object {
  return {
    version: "1.0",
    added_tokens: options.specialTokens.map((content) => ({
      id: options.vocab[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: "Sequence",
      normalizers: [
        ...(options.prefix ? [{ type: "Prepend", prepend: "▁" }] : []),
        { type: "Replace", pattern: { String: " " }, content: "▁" },
      ],
    },
    pre_tokenizer: null,
    post_processor: null,
    decoder: null,
    model: {
      type: "BPE",
      dropout: null,
      unk_token: "<unk>",
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      vocab: options.vocab,
      merges: options.merges,
    },
  };
}

/** SentencePiece's name of a byte's fallback token: <0x41>. */
export const byteToken = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`;
