/**
 * The non-empty matches of a pre-tokenizer pattern over a text, in the order a global exec
 * loop finds them (an empty match is stepped over), as start and end offsets without a match
 * object per piece. Pre-tokenizer patterns match almost every piece exactly where the previous
 * one ended: a sticky test there, which builds nothing, finds it; only when it fails does a
 * global search look further on.
 *
 *   splitter.reset(text); while (splitter.next()) use(splitter.start, splitter.end);
 */
export class PatternSplitter {
  private readonly sticky: RegExp;
  private readonly global: RegExp;
  private text = "";
  start = 0;
  end = 0;

  /** `pattern` is used as is, with its flags ("g" and "y" are set here). */
  constructor(pattern: RegExp) {
    const flags = pattern.flags.replace(/[gy]/g, "");
    this.sticky = new RegExp(pattern.source, `${flags}y`);
    this.global = new RegExp(pattern.source, `${flags}g`);
  }

  reset(text: string): void {
    this.text = text;
    this.start = 0;
    this.end = 0;
  }

  /** Moves to the next non-empty match; false when there is none. */
  next(): boolean {
    const { text, sticky } = this;
    const at = this.end;
    if (at >= text.length) return false;
    sticky.lastIndex = at;
    if (sticky.test(text)) {
      const end = sticky.lastIndex;
      if (end > at) {
        this.start = at;
        this.end = end;
        return true;
      }
    }
    const global = this.global;
    global.lastIndex = at;
    for (;;) {
      const m = global.exec(text);
      if (m === null) {
        this.start = this.end = text.length;
        return false;
      }
      if (m[0].length === 0) {
        global.lastIndex++;
        continue;
      }
      this.start = m.index;
      this.end = m.index + m[0].length;
      return true;
    }
  }
}
