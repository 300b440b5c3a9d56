/**
 * When a count in chunks saves its progress: at a chunk that ends at a document boundary, once
 * `everyMs` have passed since counting started or since the last save.
 */
export class CheckpointTimer {
  private last = Date.now();

  constructor(private readonly everyMs: number) {}

  due(atBoundary: boolean): boolean {
    return atBoundary && Date.now() - this.last >= this.everyMs;
  }

  saved(): void {
    this.last = Date.now();
  }
}
