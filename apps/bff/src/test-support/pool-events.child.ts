// Child process for pool-events.int.test.ts: starts a PoolEventWatcher on the URI given
// in argv, says "ready", then waits to be killed with -9.
import { logger } from '../logger.js';
import { PoolEventWatcher } from '../libvirt/pool-events.js';
import { virshEnvFor } from '../libvirt/ssh-setup.js';
import { sandboxHost, testDataDir } from './sandbox.js';

const uri = process.argv[2]!;
const watcher = new PoolEventWatcher(uri, virshEnvFor(sandboxHost, testDataDir), logger, () => {});
watcher.start();
console.log('ready');
setInterval(() => {}, 1000);
