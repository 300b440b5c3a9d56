import { describe, expect, it, vi } from "vitest";
import { emptyCounts } from "../src/counts.js";
import { CheckpointTimer } from "../src/counting/checkpoint-timer.js";
import { DocumentBatcher } from "../src/counting/document-batcher.js";
import { ProgressThrottle } from "../src/counting/progress-throttle.js";
import { Submissions } from "../src/counting/submissions.js";
import type { BatchResult } from "../src/workers/messages.js";

const result = (tokens: number, extra: Partial<BatchResult> = {}): BatchResult =>
  ({ id: 0, bytes: 10, chars: 10, whitespaceWords: 3, tokens: { t: tokens }, ...extra }) as BatchResult;

describe("the stages of counting one input", () => {
  it("DocumentBatcher sends full batches, counts ended documents, and the words a cut joins", () => {
    const sent: [string[], number, number][] = [];
    const batcher = new DocumentBatcher((texts, documents, joins) => sent.push([texts, documents, joins]));
    expect(batcher.add({ text: "one doc", end: true })).toBe(false);
    expect(batcher.add({ text: "a long wo", end: false })).toBe(false);
    expect(batcher.add({ text: "rd ends here", end: true })).toBe(false);
    batcher.flush();
    batcher.flush(); // nothing more to send
    expect(sent).toEqual([[["one doc", "a long wo", "rd ends here"], 2, 1]]);
    expect(batcher.documents).toBe(2);
    const big = "x".repeat(256 * 1024);
    expect(batcher.add({ text: big, end: true })).toBe(true);
    expect(sent[1]).toEqual([[big], 1, 0]);
  });

  it("Submissions adds results as they arrive, keeps the first failure, and bounds what is in flight", async () => {
    const counts = emptyCounts(["t"], false);
    const submissions = new Submissions(counts, 2, 5);
    submissions.submit(Promise.resolve(result(7, { invalidUtf8: 1 })), 2, 1);
    submissions.submit(Promise.resolve(result(4, { documents: 3 })), undefined, 0);
    await submissions.waitForRoom();
    await submissions.settle();
    expect(counts).toMatchObject({ documents: 5, bytes: 20, chars: 20, whitespaceWords: 5, tokens: { t: 11 } });
    expect(submissions.chunksInvalidUtf8).toBe(6);
    submissions.submit(Promise.reject(new Error("worker died")), 1, 0);
    submissions.submit(Promise.reject(new Error("second")), 1, 0);
    await expect(submissions.waitForRoom()).rejects.toThrow("worker died");
  });

  it("ProgressThrottle reports at most every interval, and always when forced", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const report = vi.fn();
      const progress = new ProgressThrottle(report, 100);
      progress.tick();
      progress.tick();
      vi.advanceTimersByTime(101);
      progress.tick();
      progress.tick(true);
      expect(report).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("CheckpointTimer is due at a document boundary once the time has passed", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const timer = new CheckpointTimer(1000);
      expect(timer.due(true)).toBe(false);
      vi.advanceTimersByTime(1000);
      expect(timer.due(false)).toBe(false);
      expect(timer.due(true)).toBe(true);
      timer.saved();
      expect(timer.due(true)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
