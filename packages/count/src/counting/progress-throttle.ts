/** Calls `report` at most once per `intervalMs`, and always when forced (the end of an input). */
export class ProgressThrottle {
  private last = 0;

  constructor(
    private readonly report: () => void,
    private readonly intervalMs = 100,
  ) {}

  tick(force = false): void {
    const now = Date.now();
    if (!force && now - this.last <= this.intervalMs) return;
    this.last = now;
    this.report();
  }
}
