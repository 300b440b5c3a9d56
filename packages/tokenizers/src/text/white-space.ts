/**
 * Unicode's White_Space property (the characters Rust's `char::is_whitespace` and SentencePiece's
 * normalizer treat as spaces): what splits whitespace words in the counts and what the
 * SentencePiece normalizer strips. JavaScript's `\s` differs (it adds U+FEFF and lacks U+0085).
 */
export function isWhiteSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}
