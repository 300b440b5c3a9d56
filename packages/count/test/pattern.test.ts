import { describe, expect, it } from "vitest";
import { tiktokenPatternToJs } from "../src/tokenizers/tiktoken-pattern.js";

describe("porting tokenizer patterns to JavaScript", () => {
  it("drops possessive quantifiers but keeps literal + inside classes and after escapes", () => {
    expect(tiktokenPatternToJs("\\p{L}++|\\p{N}{1,3}+|a?+|x*+").source).toBe("\\p{L}+|\\p{N}{1,3}|a?|x*");
    // DeepSeek-V3's class holds "*+,": the + is a character there (a bug once dropped it).
    expect(tiktokenPatternToJs("[!*+,\\-./]").source).toBe("[!*+,\\-./]");
    expect(tiktokenPatternToJs("\\++").source).toBe("\\++");
    expect(tiktokenPatternToJs("\\p{L}+").source).toBe("\\p{L}+");
  });

  it("uses Unicode White_Space for \\s and folds case like Rust", () => {
    const re = tiktokenPatternToJs("\\s+|(?i:'s)");
    expect("\u0085".match(re)?.[0]).toBe("\u0085");
    expect("\ufeff".match(re)).toBeNull();
    expect("'ſ".match(re)?.[0]).toBe("'ſ");
    expect("'S".match(re)?.[0]).toBe("'S");
  });
});
