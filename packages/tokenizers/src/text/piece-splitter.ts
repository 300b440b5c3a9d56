/**
 * A pre-tokenizer's matches over text[start, end), one at a time, as offsets into the text
 * (no strings): what the counters walk, whether a hand-written scanner or a regular expression
 * finds them. The bounds stand for the end of the input: a lookahead or a greedy run stops there.
 *
 *   splitter.reset(text, start, end); while (splitter.next()) use(splitter.start, splitter.end);
 */
export interface PieceSplitter {
  /** The current match: text[start, end). */
  readonly start: number;
  readonly end: number;
  reset(text: string, start?: number, end?: number): void;
  /** Moves to the next non-empty match; false when there is none. */
  next(): boolean;
}
