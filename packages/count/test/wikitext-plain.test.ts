import { describe, expect, it } from "vitest";
import { wikitextToPlain } from "../src/formats/wikitext-plain.js";

describe("wikitextToPlain", () => {
  it("drops closed templates and tables, nested ones included", () => {
    expect(wikitextToPlain("A {{infobox|x={{y}}}} B {|\n|cell\n|} C")).toBe("A  B  C");
  });

  it("keeps the rest of the article after an unclosed {{", () => {
    const plain = wikitextToPlain(
      "Intro.\n\n{{Infobox|name=x\n\nFirst paragraph of the article.\n\nSecond {{cite|y}} paragraph.",
    );
    expect(plain).toContain("First paragraph of the article.");
    expect(plain).toContain("Second  paragraph.");
    expect(plain).not.toContain("cite");
  });

  it("keeps the rest after an unclosed table and an unclosed file link", () => {
    expect(wikitextToPlain("A {| broken table\nrest of the text")).toContain("rest of the text");
    expect(wikitextToPlain("A [[File:x.png|caption\nrest of the text")).toContain("rest of the text");
  });
});
