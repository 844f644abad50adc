import { writeSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { storeHealth } from './store-health.js';

/**
 * stdout, written synchronously as pino's default destination does, but a write that fails
 * (stdout redirected to a file on a full disk, a closed pipe) drops that line and is
 * reported (store "log": stderr, metric, /api/health) instead of ending the process.
 */
const stdoutSink = {
  write(line: string): void {
    let rest = Buffer.from(line);
    let busy = 0;
    try {
      while (rest.length > 0) {
        try {
          rest = rest.subarray(writeSync(1, rest));
        } catch (error) {
          // A non-blocking pipe that is full: wait for the reader a little, as pino does.
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || ++busy > 100) throw error;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        }
      }
      storeHealth.succeeded('log');
    } catch (error) {
      storeHealth.failed('log', error);
    }
  },
};

/** One root logger; modules take a child (`logger.child({ module: 'virsh' })`). */
export const logger: Logger = pino(
  { level: process.env.LOG_LEVEL ?? 'info', base: { app: 'poolwatch-bff' } },
  stdoutSink,
);

export type { Logger };
