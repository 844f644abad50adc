import { ConfigError, loadConfig, type Config } from './config.js';
import { logger } from './logger.js';
import { createPoolwatch } from './poolwatch.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`poolwatch: invalid configuration: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

const config = readConfig();
const poolwatch = await createPoolwatch(config, { logger });
await poolwatch.listen();
logger.info(
  {
    url: `http://${config.bind}:${config.port}`,
    build: poolwatch.build,
    hosts: config.hosts.map((h) => h.id),
  },
  'poolwatch listening',
);

function shutdown(signal: string): void {
  logger.info({ signal }, 'shutting down');
  void poolwatch.close().then(() => process.exit(0));
  // Open downloads or keep-alive connections must not hold the exit up for long.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
