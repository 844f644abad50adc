/**
 * Barrel kept so existing imports keep working. New code imports from where things live:
 * ./stack.js (the BFF in-process, via createPoolwatch), ./api-client.js (HTTP as admin),
 * ./pool-truth.js and @poolwatch/host-truth (what the host itself says).
 */
import { vi } from 'vitest';

export * from './stack.js';
export * from './api-client.js';
export * from './pool-truth.js';
export {
  allocatedBytes,
  activityOn,
  describeActivity,
  dirSnapshot,
  interpolate,
  isQuiet,
  openersOf,
  sampleAllocation,
  sh,
  sha256File as sha256,
  workersFor,
  writeRandomFile,
  type HostActivity,
  type Holder,
  type Sample,
} from '@poolwatch/host-truth';

/** @deprecated a fixed sleep: wait for an outcome with vi.waitFor / expect.poll instead. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** @deprecated use vi.waitFor; kept for callers of the old helper (same signature). */
export async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  await vi.waitFor(
    () => {
      if (!done()) throw new Error(`${what}: not within ${timeoutMs} ms`);
    },
    { timeout: timeoutMs, interval: 50 },
  );
}
