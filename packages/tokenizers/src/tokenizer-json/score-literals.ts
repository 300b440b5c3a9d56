import { serdeF64 } from "./serde-f64.js";

/**
 * The Unigram scores of a tokenizer.json's text as written: the number literals of
 * model.vocab's [piece, score] pairs, in order. JSON.parse keeps no literal, and the native
 * library's float parse differs from it (serde-f64.ts), so the scores are read again from the
 * text. A small scanner of JSON, enough to walk to model.vocab and skip everything else.
 */
function unigramScoreLiterals(text: string): string[] | undefined {
  const scanner = new Scanner(text);
  try {
    const model = scanner.member(0, "model");
    if (model === undefined) return undefined;
    const vocab = scanner.member(model, "vocab");
    if (vocab === undefined) return undefined;
    return scanner.scoreLiterals(vocab);
  } catch {
    return undefined;
  }
}

class Scanner {
  constructor(private readonly text: string) {}

  /** Where the value of `key` in the object at `at` starts (the last such member, as JSON.parse keeps), or undefined. */
  member(at: number, key: string): number | undefined {
    let i = this.expect(this.space(at), 123); // {
    let found: number | undefined;
    i = this.space(i);
    if (this.text.charCodeAt(i) === 125) return undefined;
    for (;;) {
      const keyStart = this.space(i);
      const keyEnd = this.string(keyStart);
      const value = this.space(this.expect(this.space(keyEnd), 58)); // :
      if (this.key(keyStart, keyEnd) === key) found = value;
      i = this.space(this.value(value));
      const c = this.text.charCodeAt(i++);
      if (c === 125) return found;
      if (c !== 44) throw new Error("bad object");
    }
  }

  /** The score literal of each [piece, score] in the array at `at`. */
  scoreLiterals(at: number): string[] {
    const out: string[] = [];
    let i = this.space(this.expect(this.space(at), 91)); // [
    if (this.text.charCodeAt(i) === 93) return out;
    for (;;) {
      i = this.space(this.expect(this.space(i), 91));
      i = this.space(this.expect(this.space(this.string(i)), 44));
      const end = this.numberEnd(i);
      out.push(this.text.slice(i, end));
      i = this.space(this.expect(this.space(end), 93));
      const c = this.text.charCodeAt(i++);
      if (c === 93) return out;
      if (c !== 44) throw new Error("bad vocabulary");
    }
  }

  private key(start: number, end: number): string {
    const raw = this.text.slice(start + 1, end - 1);
    return raw.includes("\\") ? (JSON.parse(this.text.slice(start, end)) as string) : raw;
  }

  /** The end of the value at `at`. */
  private value(at: number): number {
    const c = this.text.charCodeAt(at);
    if (c === 34) return this.string(at);
    if (c === 123 || c === 91) return this.nested(at);
    if (c === 45 || (c >= 48 && c <= 57)) return this.numberEnd(at);
    for (const word of ["true", "false", "null"]) if (this.text.startsWith(word, at)) return at + word.length;
    throw new Error("bad value");
  }

  /** The end of the object or array at `at`: brackets counted outside strings. */
  private nested(at: number): number {
    let depth = 0;
    for (let i = at; i < this.text.length; ) {
      const c = this.text.charCodeAt(i);
      if (c === 34) i = this.string(i);
      else {
        if (c === 123 || c === 91) depth++;
        else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
        i++;
      }
    }
    throw new Error("unclosed");
  }

  /** The end of the string at `at` (after its closing quote). */
  private string(at: number): number {
    if (this.text.charCodeAt(at) !== 34) throw new Error("not a string");
    for (let i = at + 1; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) return i + 1;
    }
    throw new Error("unclosed string");
  }

  private numberEnd(at: number): number {
    let i = at;
    for (;;) {
      const c = this.text.charCodeAt(i);
      if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69) i++;
      else return i;
    }
  }

  private space(at: number): number {
    let i = at;
    for (;;) {
      const c = this.text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  }

  private expect(at: number, unit: number): number {
    if (this.text.charCodeAt(at) !== unit) throw new Error(`expected ${String.fromCharCode(unit)}`);
    return at + 1;
  }
}

/**
 * The scores of `vocab` (the parsed model.vocab of the tokenizer.json `text`, read from `path`) as the native
 * library reads them. Throws if the literals found do not match the parsed scores (a reading
 * that would count differently from the reference is not an option).
 */
export function nativeUnigramScores(path: string, text: string, vocab: readonly [string, number][]): Float64Array {
  const literals = unigramScoreLiterals(text);
  if (!literals || literals.length !== vocab.length)
    throw new Error(`${path}: the Unigram scores of model.vocab could not be read again from the file's text`);
  const scores = new Float64Array(vocab.length);
  for (let i = 0; i < vocab.length; i++) {
    const parsed = vocab[i]![1];
    const native = serdeF64(literals[i]!);
    // The two parses differ by at most a few ulps; more means the scanner read the wrong literal.
    if (!(Math.abs(native - parsed) <= Math.abs(parsed) * 2 ** -48)) {
      throw new Error(
        `${path}: model.vocab[${i}]: the Unigram score ${literals[i]} read again is not the parsed ${parsed}`,
      );
    }
    scores[i] = native;
  }
  return scores;
}
