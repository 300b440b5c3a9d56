import type { DocumentPart } from "../formats/lines.js";
import { joinsWord } from "../formats/segment.js";

/** Text per batch sent to a worker: large enough to amortise the message, small enough to bound memory. */
const BATCH_CHARS = 256 * 1024;
const BATCH_DOCUMENTS = 2048;

/**
 * Gathers documents, or the parts of a long one, into batches for the workers (the formats other
 * than text and lines, whose documents are read on this thread), and counts the words that a cut
 * between two parts joins.
 */
export class DocumentBatcher {
  /** Documents read to their end. */
  documents = 0;
  private texts: string[] = [];
  private chars = 0;
  private ended = 0;
  private joins = 0;
  private previousTail = "";

  constructor(private readonly send: (texts: string[], documents: number, wordJoins: number) => void) {}

  /** Adds a document or a part of one; true when that filled the batch, which was then sent. */
  add(part: DocumentPart): boolean {
    if (this.previousTail && joinsWord(this.previousTail, part.text)) this.joins++;
    this.previousTail = part.end ? "" : part.text.slice(-1);
    if (part.end) {
      this.documents++;
      this.ended++;
    }
    this.texts.push(part.text);
    this.chars += part.text.length;
    if (this.chars < BATCH_CHARS && this.texts.length < BATCH_DOCUMENTS) return false;
    this.flush();
    return true;
  }

  /** Sends what has been gathered, if anything. */
  flush(): void {
    if (this.texts.length > 0) this.send(this.texts, this.ended, this.joins);
    this.texts = [];
    this.chars = 0;
    this.ended = 0;
    this.joins = 0;
  }
}
