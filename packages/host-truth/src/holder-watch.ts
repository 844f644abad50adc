/**
 * Watches, continuously from before a cancel to after it, who holds a file on the host
 * (./children/holder-scan runs the /proc scan of proc.ts in a loop, in a process of its own).
 * Tests assert that the host went quiet; bench/ reads how long it took.
 */
import { LineChild } from './child.js';

export interface HolderPass {
  /** Start and end of the pass (epoch ms). */
  s: number;
  e: number;
  /** What held the file during the pass ("<pid> <comm> <detail>"). */
  h: string[];
}

export interface QuietResult {
  /** End of the first pass that began after `since` and found nothing, minus `since`; -1 when none did. */
  ms: number;
  /** Start of the last pass that still found a holder, minus `since` (a lower bound). */
  lastBusyMs: number | null;
  /** How the set of holders changed: "<ms from since>: <holders>". */
  timeline: string[];
}

type Waiter = { done: (passes: HolderPass[]) => boolean; resolve: (met: boolean) => void };

export class HolderWatch {
  readonly passes: HolderPass[] = [];
  private readonly child: LineChild;
  private waiters: Waiter[] = [];

  /** `needles`: argv substrings that mark a mover as working on the file (default: the file). */
  constructor(file: string, needles: readonly string[] = [file]) {
    this.child = new LineChild('holder-scan', [JSON.stringify({ paths: [file], needles })]);
  }

  async start(): Promise<void> {
    this.child.start((line) => {
      this.passes.push(JSON.parse(line) as HolderPass);
      this.waiters = this.waiters.filter((w) => !(w.done(this.passes) && (w.resolve(true), true)));
    });
    if (!(await this.until((p) => p.length > 0, 10_000)))
      throw new Error('the holder scan printed no pass within 10 s');
  }

  /** Holders seen by the latest pass. */
  latest(): string[] {
    return this.passes.at(-1)?.h ?? [];
  }

  /** Resolves true on the first pass after which `done` holds, false after `timeoutMs`. */
  until(done: (passes: HolderPass[]) => boolean, timeoutMs: number): Promise<boolean> {
    if (done(this.passes)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = { done, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs).unref();
    });
  }

  /** Waits (up to giveUpMs) for a quiet pass begun after `since`, and says when it came. */
  async quietAfter(since: number, giveUpMs = 15_000): Promise<QuietResult> {
    const quiet = (p: HolderPass) => p.s >= since && p.h.length === 0;
    await this.until((passes) => passes.some(quiet), giveUpMs);
    const first = this.passes.find(quiet);
    const busy = this.passes.filter((p) => p.h.length > 0 && (!first || p.s < first.s)).at(-1);
    const timeline: string[] = [];
    let previous = '';
    for (const p of this.passes) {
      if (p.s < since - 1000) continue;
      const now = p.h.join('; ') || 'nothing';
      if (now !== previous) timeline.push(`${p.s - since} ms: ${now}`);
      previous = now;
    }
    return {
      ms: first ? first.e - since : -1,
      lastBusyMs: busy ? busy.s - since : null,
      timeline,
    };
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
