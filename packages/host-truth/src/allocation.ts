/**
 * A file's allocated bytes over time (st_blocks * 512), the ground truth progress figures
 * are checked against: sampled in a process of its own, or in-process for light tests.
 */
import { allocatedBytes } from './files.js';
import { LineChild } from './child.js';

export interface Sample {
  at: number;
  bytes: number;
}

/** The samples linearly interpolated at `at`; null outside the sampled span. */
export function interpolateAt(
  samples: readonly Sample[],
  at: number,
): { bytes: number; gapMs: number } | null {
  for (let i = 1; i < samples.length; i += 1) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (at < a.at || at > b.at) continue;
    const f = b.at === a.at ? 1 : (at - a.at) / (b.at - a.at);
    return { bytes: a.bytes + f * (b.bytes - a.bytes), gapMs: b.at - a.at };
  }
  return null;
}

/** interpolateAt's bytes alone. */
export const interpolate = (samples: readonly Sample[], at: number): number | null =>
  interpolateAt(samples, at)?.bytes ?? null;

/** Samples a file's allocated bytes every `everyMs` in this process, with Date.now() timestamps. */
export function sampleAllocation(path: string, everyMs = 50) {
  const samples: Sample[] = [];
  const take = () => samples.push({ at: Date.now(), bytes: allocatedBytes(path) });
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
    },
  };
}

/** Samples a file's allocated bytes every ~30 ms in a child process (./children/allocation-sample). */
export class AllocationSampler {
  readonly samples: Sample[] = [];
  private readonly child: LineChild;

  constructor(file: string) {
    this.child = new LineChild('allocation-sample', [file]);
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.child.start((line) => {
        if (line === 'ready') return resolve();
        const [at, bytes] = line.split(' ').map(Number);
        if (at !== undefined && bytes !== undefined && !Number.isNaN(bytes))
          this.samples.push({ at, bytes });
      });
    });
  }

  stop(): Promise<void> {
    return this.child.stop();
  }

  /** Linear interpolation at `at`; null outside the sampled span. */
  at(at: number): { bytes: number; gapMs: number } | null {
    return interpolateAt(this.samples, at);
  }
}
