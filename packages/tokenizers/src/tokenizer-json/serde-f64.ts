/**
 * A JSON number literal read as the native Hugging Face tokenizers read a tokenizer.json's
 * floats: serde_json built without its `float_roundtrip` feature (the npm `tokenizers` 0.23.2
 * binaries embed serde_json 1.0.151 and no lexical float parser; this code path is unchanged
 * since June 2020). That parser is not correctly rounded: it gathers the digits into a u64 (digits
 * beyond u64's range are dropped, scaling the exponent where they are integer digits), rounds
 * that integer to a double, then multiplies or divides once by a double power of ten, so the
 * result can be an ulp away from JSON.parse's. On a Unigram vocabulary that ulp can break a
 * Viterbi tie differently, so the scores are read the reference's way.
 */

/** 10^k for k = 0..308, each the double nearest to it (as Rust's literals in serde_json's POW10). */
const POW10 = Array.from({ length: 309 }, (_, k) => Number(`1e${k}`));

const U64_MAX = "18446744073709551615";
const I32_MAX = 2147483647;

/** The value of `literal` (one JSON number, nothing around it) as serde_json parses an f64; throws where serde_json fails. */
export function serdeF64(literal: string): number {
  const reader = new Reader(literal);
  const value = reader.number();
  if (reader.at !== literal.length) throw new Error(`not one JSON number: ${literal}`);
  return value;
}

class Reader {
  at = 0;
  /** The significand's decimal digits, without leading zeros ("" is 0). */
  private digits = "";

  constructor(private readonly text: string) {}

  number(): number {
    const positive = this.peek() !== 45; // "-"
    if (!positive) this.at++;
    const first = this.peek();
    if (first === 48) {
      this.at++;
      if (isDigit(this.peek())) throw this.invalid();
    } else if (isDigit(first)) {
      while (isDigit(this.peek())) {
        if (!this.push(this.peek())) return this.longInteger(positive);
        this.at++;
      }
    } else throw this.invalid();
    const next = this.peek();
    if (next === 46) return this.decimal(positive, 0);
    if (next === 101 || next === 69) return this.exponent(positive, 0);
    // An integer: u64, or i64 when negative (-0 and integers below i64's range are floats), then
    // visited as f64; each is the double nearest the integer, as here.
    return signed(positive, this.significand());
  }

  /** Integer digits past u64's range: dropped, each scaling by 10. */
  private longInteger(positive: boolean): number {
    let exponent = 0;
    while (isDigit(this.peek())) {
      this.at++;
      exponent++;
    }
    const next = this.peek();
    if (next === 46) return this.decimal(positive, exponent);
    if (next === 101 || next === 69) return this.exponent(positive, exponent);
    return this.fromParts(positive, exponent);
  }

  private decimal(positive: boolean, exponentBefore: number): number {
    this.at++;
    let after = 0;
    while (isDigit(this.peek())) {
      if (!this.push(this.peek())) {
        // Past u64's range every further fraction digit is dropped.
        while (isDigit(this.peek())) this.at++;
        break;
      }
      this.at++;
      after--;
    }
    if (after === 0 && !isDigit(this.text.charCodeAt(this.at - 1))) throw this.invalid();
    const next = this.peek();
    if (next === 101 || next === 69) return this.exponent(positive, exponentBefore + after);
    return this.fromParts(positive, exponentBefore + after);
  }

  private exponent(positive: boolean, starting: number): number {
    this.at++;
    let positiveExponent = true;
    if (this.peek() === 43) this.at++;
    else if (this.peek() === 45) {
      positiveExponent = false;
      this.at++;
    }
    if (!isDigit(this.peek())) throw this.invalid();
    let exp = 0;
    while (isDigit(this.peek())) {
      const digit = this.peek() - 48;
      this.at++;
      if (exp >= Math.floor(I32_MAX / 10) && (exp > Math.floor(I32_MAX / 10) || digit > I32_MAX % 10)) {
        if (this.digits !== "" && positiveExponent) throw new Error("number out of range");
        while (isDigit(this.peek())) this.at++;
        return positive ? 0 : -0;
      }
      exp = exp * 10 + digit;
    }
    const total = positiveExponent ? starting + exp : starting - exp;
    return this.fromParts(positive, Math.max(-I32_MAX - 1, Math.min(I32_MAX, total)));
  }

  /** The significand rounded to a double, scaled by one multiplication or division by a power of ten (or several 1e308 divisions first). */
  private fromParts(positive: boolean, exponent: number): number {
    let f = this.significand();
    for (;;) {
      const pow = POW10[Math.abs(exponent)];
      if (pow !== undefined) {
        if (exponent >= 0) {
          f *= pow;
          if (!Number.isFinite(f)) throw new Error("number out of range");
        } else f /= pow;
        break;
      }
      if (f === 0) break;
      if (exponent >= 0) throw new Error("number out of range");
      f /= 1e308;
      exponent += 308;
    }
    return positive ? f : -f;
  }

  /** Appends a digit unless the significand would pass u64's range; whether it did. */
  private push(unit: number): boolean {
    const grown = this.digits === "" && unit === 48 ? "" : this.digits + String.fromCharCode(unit);
    if (grown.length > U64_MAX.length || (grown.length === U64_MAX.length && grown > U64_MAX)) return false;
    this.digits = grown;
    return true;
  }

  /** The u64 significand as the nearest double (Rust's `as f64`: to nearest, ties to even, as Number of a BigInt). */
  private significand(): number {
    const d = this.digits;
    return d.length <= 15 ? Number(d) : Number(BigInt(d));
  }

  private peek(): number {
    return this.text.charCodeAt(this.at);
  }

  private invalid(): Error {
    return new Error(`invalid JSON number: ${this.text}`);
  }
}

function signed(positive: boolean, magnitude: number): number {
  return positive ? magnitude : -magnitude;
}

function isDigit(unit: number): boolean {
  return unit >= 48 && unit <= 57;
}
