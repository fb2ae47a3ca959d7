// Turns a stream of file changes into as few rebuilds as possible: changes are collected until the
// files go quiet for a moment (a `git checkout` of 1000 files is one rebuild), and changes that
// arrive while a rebuild runs are collected into exactly one follow-up rebuild.

export interface QueueTimings {
  /** Quiet time after the last change before a rebuild starts. */
  debounceMs: number;
  /** A rebuild starts at most this long after the first waiting change, even if changes keep coming. */
  maxWaitMs: number;
}

export const DEFAULT_TIMINGS: QueueTimings = { debounceMs: 150, maxWaitMs: 2000 };

export class RebuildQueue {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private firstWaitingAt = 0;
  private running: Promise<void> | null = null;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    /** Runs one rebuild for the collected paths; must not throw (failures are its to report). */
    private readonly run: (paths: string[]) => Promise<void>,
    private readonly timings: QueueTimings = DEFAULT_TIMINGS,
  ) {}

  add(path: string): void {
    if (this.closed) return;
    if (this.pending.size === 0) this.firstWaitingAt = performance.now();
    this.pending.add(path);
    // While a rebuild runs, changes only wait: its end schedules the one follow-up.
    if (!this.running) this.schedule();
  }

  /** Resolves once no change is waiting and no rebuild runs. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drop waiting changes, start no new rebuild, and wait for a running one to end. */
  async close(): Promise<void> {
    this.closed = true;
    this.pending.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.settle();
  }

  private isIdle(): boolean {
    return this.pending.size === 0 && this.running === null && this.timer === null;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const waited = performance.now() - this.firstWaitingAt;
    const delay = Math.max(0, Math.min(this.timings.debounceMs, this.timings.maxWaitMs - waited));
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    if (this.closed || this.pending.size === 0) return this.settle();
    const paths = [...this.pending].sort();
    this.pending.clear();
    this.running = this.run(paths);
    try {
      await this.running;
    } finally {
      this.running = null;
    }
    if (this.pending.size > 0 && !this.closed) {
      // The follow-up waits for quiet like any rebuild: a checkout may still be writing files.
      this.firstWaitingAt = performance.now();
      this.schedule();
    } else this.settle();
  }

  private settle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
