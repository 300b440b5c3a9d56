import { describe, expect, it } from "vitest";
import { createCounter, loadRegistry, resolveTokenizer } from "@corpus-census/tokenizers";
import { counterFromModel, loadModel, shareModel } from "@corpus-census/tokenizers/internal";
import { randomText, seededRandom } from "../../../test/helpers/random-text.js";
import { realTextDocuments } from "../../../test/helpers/samples.js";

/**
 * Workers count with counters rebuilt from models in shared memory (the tokenizer files are
 * read once, in a loader thread). A rebuilt counter must count as the one loaded from the files.
 */
describe.each(loadRegistry().map((e) => e.id))("%s rebuilt from its shared model", (id) => {
  it("counts as the counter loaded from the files", { timeout: 120_000 }, async () => {
    const spec = await resolveTokenizer(id);
    const direct = createCounter(spec);
    const { model } = loadModel(spec);
    const shared = shareModel(model);
    const rebuilt = counterFromModel(shared);
    // Nothing of the model is copied per worker: every typed array sits in shared memory.
    const arrays: ArrayBufferView[] = [];
    const collect = (value: unknown): void => {
      if (ArrayBuffer.isView(value)) arrays.push(value);
      else if (value !== null && typeof value === "object") Object.values(value).forEach(collect);
    };
    collect(shared);
    if (model.kind !== "library") expect(arrays.length).toBeGreaterThan(0);
    expect(arrays.every((a) => a.buffer instanceof SharedArrayBuffer)).toBe(true);
    const random = seededRandom(id.length * 7);
    const texts = [...realTextDocuments().slice(0, 50), ...Array.from({ length: 300 }, () => randomText(random))];
    for (const text of texts) expect(rebuilt.count(text)).toBe(direct.count(text));
  });
});
