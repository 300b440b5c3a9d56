import type { PieceSplitter } from "./piece-splitter.js";

/**
 * The non-empty matches of a pre-tokenizer pattern over a text, in the order a global exec
 * loop finds them (an empty match is stepped over), as start and end offsets without a match
 * object per piece: the splitter of a pattern without a hand-written scanner. Pre-tokenizer
 * patterns match almost every piece exactly where the previous one ended: a sticky test there,
 * which builds nothing, finds it; only when it fails does a global search look further on.
 *
 *   splitter.reset(text); while (splitter.next()) use(splitter.start, splitter.end);
 */
export class PatternSplitter implements PieceSplitter {
  private readonly sticky: RegExp;
  private readonly global: RegExp;
  /** The input: text[start, end) of reset, sliced when it is not the whole text. */
  private text = "";
  /** Where the input begins in reset's text. */
  private offset = 0;
  /** Where the next search begins in the input. */
  private at = 0;
  start = 0;
  end = 0;

  /** `pattern` is used as is, with its flags ("g" and "y" are set here). */
  constructor(pattern: RegExp) {
    const flags = pattern.flags.replace(/[gy]/g, "");
    this.sticky = new RegExp(pattern.source, `${flags}y`);
    this.global = new RegExp(pattern.source, `${flags}g`);
  }

  reset(text: string, start = 0, end = text.length): void {
    // A regex's lookahead and greedy runs stop at the end of its input only.
    this.text = start === 0 && end === text.length ? text : text.slice(start, end);
    this.offset = start;
    this.at = 0;
    this.start = start;
    this.end = start;
  }

  /** Moves to the next non-empty match; false when there is none. */
  next(): boolean {
    const { text, sticky, offset } = this;
    const at = this.at;
    if (at >= text.length) return false;
    sticky.lastIndex = at;
    if (sticky.test(text)) {
      const end = sticky.lastIndex;
      if (end > at) return this.found(at, end);
    }
    const global = this.global;
    global.lastIndex = at;
    for (;;) {
      const m = global.exec(text);
      if (m === null) {
        this.at = text.length;
        this.start = this.end = offset + text.length;
        return false;
      }
      if (m[0].length === 0) {
        global.lastIndex++;
        continue;
      }
      return this.found(m.index, m.index + m[0].length);
    }
  }

  private found(start: number, end: number): true {
    this.at = end;
    this.start = this.offset + start;
    this.end = this.offset + end;
    return true;
  }
}
