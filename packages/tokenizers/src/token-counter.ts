/** Counts the tokens of one document, without special tokens. */
export interface TokenCounter {
  readonly id: string;
  count(text: string): number;
}
