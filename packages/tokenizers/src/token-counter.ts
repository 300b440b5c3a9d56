/** Counts the tokens of one document, without special tokens. */
export interface TokenCounter {
  readonly id: string;
  count(text: string): number;
  /**
   * Forgets the pieces it has counted, where it keeps them itself (a piece cache that threads
   * share is emptied by whoever made its memory): the bench times text no cache has seen.
   */
  forget?(): void;
}
