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

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Before the links go: running jobs become `interrupted`, what they started on the host
  // is stopped and their partial targets deleted (bounded; the rest waits for next start).
  try {
    await poolwatch.reconciler.shutdown(10_000);
  } catch (error) {
    logger.error({ err: error }, 'reconciling jobs at shutdown failed');
  }
  void poolwatch.close({ dropConnections: true }).then(() => process.exit(0));
  // Open downloads or keep-alive connections must not hold the exit up for long.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
