import type { JobEngine } from '../jobs/job-engine.js';
import type { PoolwatchSocketServer } from './socket-server.js';

/**
 * Maps job engine events to socket.io. Every admin browser sees every job, whoever
 * started it. `job:updated` is never throttled; `job:progress` arrives throttled by the
 * engine (≤ 4 Hz per job).
 */
export function fanOutJobs(engine: JobEngine, io: PoolwatchSocketServer): void {
  engine.on('updated', (job) => io.emit('job:updated', job));
  engine.on('progress', (event) => io.emit('job:progress', event));
}
