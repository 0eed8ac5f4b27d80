/**
 * How many restarts are allowed within a sliding window of time. Kept apart
 * from the client so the policy is plain code without VS Code.
 */
export class RestartBudget {
  private readonly restarts: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records a restart at `now` (ms) if the budget allows one. */
  allow(now: number): boolean {
    while (this.restarts.length > 0 && now - this.restarts[0] > this.windowMs) {
      this.restarts.shift();
    }
    if (this.restarts.length >= this.max) {
      return false;
    }
    this.restarts.push(now);
    return true;
  }
}
