import { describe, expect, it } from "vitest";
import { graphemesAsReference, plainCodePoints, visitClusters } from "../src/tokenizers/text/grapheme-clusters.js";

// The plain set must hold only characters whose Grapheme_Cluster_Break is Other, Control or LF,
// in the Unicode of the reference (17.0, this Node's ICU when graphemesAsReference()).
const segmenter = new Intl.Segmenter("und", { granularity: "grapheme" });

describe.runIf(graphemesAsReference())("grapheme clusters", () => {
  it("plain characters never join a neighbour of any class", { timeout: 60_000 }, () => {
    // Each probe joins c to its neighbour if c is of a class that can: after "a" (Extend, ZWJ,
    // SpacingMark), before "a" (Prepend), after L (L, V, LV, LVT), before V and T (L, LV, LVT, V,
    // T), after a regional indicator (RI), before LF (CR).
    const probes: [string, string][] = [["a", "a"], ["\u1100", "\u1161"], ["a", "\u11a8"], ["\u{1f1e6}", "\n"]];
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
      "a\u0301".repeat(500), "🇯🇵".repeat(100) + "🇯", "\u0301".repeat(300) + "ab", "क्ष".repeat(200), "한국어".repeat(100),
      "👨\u200d👩\u200d👧 ab ".repeat(50), "x" + "\u200d".repeat(200), "\r\n\r\n\rab\n",
    ];
    for (const text of texts) {
      const got: string[] = [];
      for (let i = 0; i < text.length; ) i = visitClusters(text, i, (s, e) => got.push(text.slice(s, e)));
      expect(got).toEqual([...segmenter.segment(text)].map((s) => s.segment));
    }
  });
});
