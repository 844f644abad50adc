import { pino, type Logger } from 'pino';

/** One root logger; modules take a child (`logger.child({ module: 'virsh' })`). */
export const logger: Logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { app: 'poolwatch-bff' },
});

export type { Logger };
