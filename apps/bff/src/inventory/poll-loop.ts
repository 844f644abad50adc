export interface PollLoopOptions {
  /** One poll; a rejection is reported to onError and the loop goes on. */
  poll: () => Promise<void>;
  intervalMs: number;
  /** The loop reschedules itself only while this says yes (connected, not stopped). */
  live: () => boolean;
  onError: (error: Error) => void;
}

/**
 * The inventory's poll schedule: one poll at a time, a request during one runs another right
 * after it, and the next poll waits max(interval, 3 × the last poll's duration), so a poll
 * never takes more than a third of the time on big hosts.
 */
export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: PollLoopOptions) {}

  /** A poll is running or due: the loop is alive. */
  get scheduled(): boolean {
    return this.polling !== null || this.timer !== null;
  }

  /**
   * A poll that starts after this call: one in flight may have listed pools before the
   * change the caller just made (a pool defined by a job), so wait for it, then poll again.
   */
  async fresh(): Promise<void> {
    await this.polling;
    await this.now();
  }

  /** Runs a poll now (or right after the one in flight) and resolves when it is done. */
  now(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.stop();
    const started = Date.now();
    this.polling = this.options
      .poll()
      .catch((error: Error) => this.options.onError(error))
      .finally(() => {
        this.polling = null;
        if (!this.options.live()) return;
        const again = this.again;
        this.again = false;
        const delay = again ? 0 : Math.max(this.options.intervalMs, 3 * (Date.now() - started));
        this.timer = setTimeout(() => void this.now(), delay);
        this.timer.unref();
      });
    return this.polling;
  }

  /** No next poll (one in flight still ends). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
