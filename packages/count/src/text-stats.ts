import { isWhiteSpace } from "@corpus-census/tokenizers/internal";

/** UTF-8 length, code points and whitespace-separated words of a text, in one pass. */
interface TextStats {
  bytes: number;
  chars: number;
  whitespaceWords: number;
}

export function textStats(text: string): TextStats {
  let bytes = 0;
  let chars = 0;
  let words = 0;
  let inWord = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      // ASCII, most characters of most text, without the chain of comparisons below.
      bytes += 1;
      chars += 1;
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) inWord = false;
      else if (!inWord) {
        inWord = true;
        words++;
      }
      continue;
    }
    if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // A surrogate pair is one code point of four UTF-8 bytes.
        bytes += 4;
        chars += 1;
        i++;
        if (!inWord) {
          inWord = true;
          words++;
        }
        continue;
      }
      bytes += 3;
    } else bytes += 3;
    chars += 1;
    if (isWhiteSpace(c)) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return { bytes, chars, whitespaceWords: words };
}
