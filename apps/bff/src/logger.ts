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

/**
 * Paths pino removes from every log line, whatever a module passes: a second net behind the
 * request serializers (http/request-log.ts), so a secret never reaches the log at any level.
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'headers["x-csrf-token"]',
  'password',
  'token',
  'csrfToken',
  'sessionId',
  'sid',
  '*.password',
  '*.token',
  '*.csrfToken',
  '*.sessionId',
  '*.sid',
];

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { app: 'poolwatch-bff' },
      redact: { paths: REDACTED_PATHS, remove: true },
    },
    stdoutSink,
  );
}

/** One root logger; modules take a child (`logger.child({ module: 'virsh' })`). */
export const logger: Logger = createLogger();

export type { Logger };
