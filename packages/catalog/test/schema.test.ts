import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entrySchema, formatFieldPath } from "@corpus-census/catalog";
import { REPO_ROOT } from "../../../test/helpers/catalog-copy.js";

const example = JSON.parse(readFileSync(join(REPO_ROOT, "docs/catalog-entry-example.json"), "utf8"));

function problems(data: unknown): string[] {
  const result = entrySchema.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => `${formatFieldPath(i.path)}: ${i.message}`);
}

function withChange(edit: (e: any) => void): unknown {
  const copy = structuredClone(example);
  edit(copy);
  return copy;
}

describe("the entry schema", () => {
  it("accepts the documented example entry", () => {
    expect(problems(example)).toEqual([]);
  });

  it("names the field of a wrong enum value and lists the allowed values", () => {
    const found = problems(withChange((e) => (e.commercialUse = "free")));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^commercialUse: expected one of: allowed, allowed-with-conditions/);
  });

  it("refuses a size without a unit, naming its index", () => {
    const found = problems(withChange((e) => delete e.sizes[1].unit));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^sizes\[1\]\.unit: expected a unit, one of: short-unit-words/);
  });

  it("refuses a bare number as a size", () => {
    expect(problems(withChange((e) => (e.sizes = [1000000])))[0]).toMatch(/^sizes\[0\]/);
  });

  it("requires the entry's own release beside a size that names the release it measures", () => {
    expect(problems(withChange((e) => (e.sizes[0].corpusVersion = "v3")))).toEqual([
      'sizes[0].corpusVersion: a size naming its corpus release needs the entry\'s own release in "version"',
    ]);
    expect(
      problems(
        withChange((e) => {
          e.sizes[0].corpusVersion = "v3";
          e.version = "v4";
        }),
      ),
    ).toEqual([]);
  });

  it("requires a tokenizer for a size in tokens", () => {
    const found = problems(
      withChange((e) => e.sizes.push({ value: 5, unit: "tokens", source: "report", asOf: "2024" })),
    );
    expect(found).toEqual(['sizes[2].tokenizer: a size in unit "tokens" must name its tokenizer']);
  });

  it("requires every required field", () => {
    // report is optional in the schema (the current list has none); load.ts requires it in the report's folders.
    for (const field of [
      "id",
      "licence",
      "commercialUse",
      "access",
      "acquisition",
      "sizes",
      "flags",
      "sources",
      "checkedOn",
      "confidence",
    ]) {
      const found = problems(withChange((e) => delete e[field]));
      expect(found.length, field).toBeGreaterThan(0);
      expect(found[0]!.startsWith(`${field}:`), `${field}: ${found[0]}`).toBe(true);
    }
  });

  it("requires a target for subset-of and overlaps, and none for other flags", () => {
    expect(problems(withChange((e) => delete e.flags[0].target))).toEqual([
      'flags[0].target: flag "overlaps" must name another entry\'s id in "target"',
    ]);
    expect(problems(withChange((e) => (e.flags[0].code = "not-text")))).toEqual([
      'flags[0].target: flag "not-text" takes no "target"',
    ]);
  });

  it("requires a low-confidence entry to say what is unverified", () => {
    expect(problems(withChange((e) => (e.confidence = "low")))).toEqual([
      "unknowns: a low-confidence entry must say in unknowns what could not be verified",
    ]);
  });

  it("refuses unknown fields, so a typo does not pass silently", () => {
    expect(problems(withChange((e) => (e.comercialUse = "allowed")))[0]).toMatch(/comercialUse/);
  });

  it("refuses dates and URLs in the wrong form", () => {
    expect(problems(withChange((e) => (e.checkedOn = "22/11/2026")))[0]).toMatch(
      /^checkedOn: expected a date as YYYY-MM-DD/,
    );
    expect(problems(withChange((e) => (e.sources = ["example.org"])))[0]).toMatch(
      /^sources\[0\]: expected an http\(s\) URL/,
    );
  });
});
