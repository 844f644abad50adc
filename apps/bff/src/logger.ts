import { pino, type Logger } from 'pino';

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
  return pino({
    level,
    base: { app: 'poolwatch-bff' },
    redact: { paths: REDACTED_PATHS, remove: true },
  });
}

/** One root logger; modules take a child (`logger.child({ module: 'virsh' })`). */
export const logger: Logger = createLogger();

export type { Logger };
