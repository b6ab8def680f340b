/** When to try again: try `n` after a drop (0-based) waits `backoff(n)`; a success counts from 0 again. */
export class RetrySchedule {
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly backoff: (attempt: number) => number) {}

  /** Schedules `run` as the next try (replacing one scheduled); returns its delay. */
  public next(run: () => void): number {
    const delay = this.backoff(this.attempts++);
    clearTimeout(this.timer);
    this.timer = setTimeout(run, delay);
    return delay;
  }

  public reset(): void {
    this.attempts = 0;
  }

  public cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
