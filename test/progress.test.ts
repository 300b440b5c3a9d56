import { describe, expect, it } from "vitest";
import { progressReporter } from "../packages/cli/src/progress.js";

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, columns: 120, write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WriteStream, written };
}

describe("the progress bar", () => {
  it("stays silent when stderr is not a terminal", () => {
    expect(progressReporter(fakeStream(false).stream)).toBeUndefined();
  });

  it("shows bytes, documents, MB/s and the ETA when the size is known", () => {
    const { stream, written } = fakeStream(true);
    const reporter = progressReporter(stream)!;
    reporter.update({ input: "a.txt", inputIndex: 0, inputCount: 2, inputBytes: 5_000_000, size: 10_000_000, documents: 1234 });
    const line = written.at(-1)!;
    expect(line).toMatch(/1\/2 \[#+\.+\]\s+50% 5\.0 MB of 10\.0 MB, 1,234 docs, [\d.]+ MB\/s ETA \d+m\d\ds/);
    reporter.update({ input: "-", inputIndex: 1, inputCount: 2, inputBytes: 1000, documents: 3 });
    expect(written.at(-1)).not.toContain("ETA");
    reporter.done();
  });
});
