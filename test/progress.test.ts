import { describe, expect, it } from "vitest";
import { progressReporter } from "../packages/cli/src/progress.js";

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return {
    stream: { isTTY, columns: 120, write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WriteStream,
    written,
  };
}

describe("the progress bar", () => {
  it("stays silent when stderr is not a terminal", () => {
    expect(progressReporter(fakeStream(false).stream)).toBeUndefined();
  });

  it("shows bytes, documents, MB/s and the ETA when the size is known", () => {
    const { stream, written } = fakeStream(true);
    let clock = 0;
    const reporter = progressReporter(stream, () => clock)!;
    reporter.update({
      input: "a.txt",
      inputIndex: 0,
      inputCount: 2,
      inputBytes: 1_000_000,
      size: 10_000_000,
      documents: 200,
    });
    clock = 2000;
    reporter.update({
      input: "a.txt",
      inputIndex: 0,
      inputCount: 2,
      inputBytes: 5_000_000,
      size: 10_000_000,
      documents: 1234,
    });
    const line = written.at(-1)!;
    expect(line).toMatch(/1\/2 \[#+\.+\]\s+50% 5\.0 MB of 10\.0 MB, 1,234 docs, [\d.]+ MB\/s ETA \d+m\d\ds/);
    reporter.update({ input: "-", inputIndex: 1, inputCount: 2, inputBytes: 1000, documents: 3 });
    expect(written.at(-1)).not.toContain("ETA");
    reporter.done();
  });

  it("measures the rate from the first read, not from the start (the tokenizers load in between)", () => {
    // A 16 s job: 4 s of loading, then 10 MB/s over 120 MB. The first ETA said 6m41 such a job.
    const { stream, written } = fakeStream(true);
    let clock = 0;
    const reporter = progressReporter(stream, () => clock)!;
    clock = 4000;
    reporter.update({
      input: "a.txt",
      inputIndex: 0,
      inputCount: 1,
      inputBytes: 2_000_000,
      size: 120_000_000,
      documents: 10,
    });
    expect(written.at(-1)).not.toContain("ETA"); // no rate yet: the first reads only fill the queues
    clock = 4500;
    reporter.update({
      input: "a.txt",
      inputIndex: 0,
      inputCount: 1,
      inputBytes: 7_000_000,
      size: 120_000_000,
      documents: 50,
    });
    expect(written.at(-1)).not.toContain("ETA");
    clock = 6000;
    reporter.update({
      input: "a.txt",
      inputIndex: 0,
      inputCount: 1,
      inputBytes: 22_000_000,
      size: 120_000_000,
      documents: 100,
    });
    expect(written.at(-1)).toMatch(/10\.0 MB\/s ETA 0m10s$/);
  });
});
