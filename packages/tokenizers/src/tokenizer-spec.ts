/** A tokenizer resolved to local files: what a worker thread needs to build its counter. */
export type TokenizerSpec =
  | { id: string; kind: "tiktoken"; encoding: string }
  | { id: string; kind: "tokenizer.json"; path: string; configPath?: string }
  | { id: string; kind: "sentencepiece-model"; path: string };
