import { describe, expect, it } from "vitest";
import { graphemesAsReference, plainCodePoints, visitClusters } from "../src/text/grapheme-clusters.js";

// The plain set must hold only characters whose Grapheme_Cluster_Break is Other, Control, LF,
// LV or LVT, in the Unicode of the reference (17.0, this Node's ICU when graphemesAsReference()):
// UAX #29 breaks between any two of those, which is all the windows rely on.
const segmenter = new Intl.Segmenter("und", { granularity: "grapheme" });

describe.runIf(graphemesAsReference())("grapheme clusters", () => {
  it("plain characters break from every plain class on either side", { timeout: 120_000 }, () => {
    // One of each plain class (Other, LF, Control, LV, LVT) on each side; and a regional
    // indicator, which breaks from all of them but joins another (RI). A character of any other
    // class joins one of them: Extend, ZWJ, SpacingMark after "a"; Prepend before "a"; L before
    // LV; V after LV; T after LVT; CR before LF.
    const probes: [string, string][] = [
      ["a", "\uac00"],
      ["\n", "\uac01"],
      ["\uac00", "\u0001"],
      ["\uac01", "a"],
      ["\u0001", "\n"],
      ["\u{1f1e6}", "a"],
    ];
    const joined: string[] = [];
    for (const cp of plainCodePoints()) {
      const c = String.fromCodePoint(cp);
      for (const [before, after] of probes) {
        let count = 0;
        for (const _ of segmenter.segment(before + c + after)) count++;
        if (count !== 3) joined.push(`U+${cp.toString(16)} in ${JSON.stringify(before + c + after)}`);
      }
    }
    expect(joined.slice(0, 10)).toEqual([]);
  });

  it("windows give the segmenter's clusters, however long a cluster or a run", () => {
    const texts = [
      "a\u0301".repeat(500),
      "🇯🇵".repeat(100) + "🇯",
      "\u0301".repeat(300) + "ab",
      "क्ष".repeat(200),
      "한국어".repeat(100),
      "👨\u200d👩\u200d👧 ab ".repeat(50),
      "x" + "\u200d".repeat(200),
      "\r\n\r\n\rab\n",
    ];
    for (const text of texts) {
      const got: string[] = [];
      for (let i = 0; i < text.length; ) i = visitClusters(text, i, (s, e) => got.push(text.slice(s, e)));
      expect(got).toEqual([...segmenter.segment(text)].map((s) => s.segment));
    }
  });
});
