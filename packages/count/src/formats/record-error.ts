/** A record that cannot be read: where it is and what was expected. */
export class RecordError extends Error {
  override name = "RecordError";
  constructor(
    message: string,
    /** 1-based line number in the decompressed input, when the format has lines. */
    readonly line?: number,
  ) {
    super(message);
  }
}

export type OnError = "fail" | "skip";

/** What a format reader reports besides the documents. */
export interface ReadState {
  /** Records skipped under --on-error skip. */
  skipped: number;
  /** The first skipped record's problem, to show the user what was skipped. */
  firstSkipped?: string;
}

export function recordProblem(state: ReadState, onError: OnError, error: RecordError): void {
  if (onError === "fail") throw error;
  state.skipped++;
  state.firstSkipped ??= error.message;
}
