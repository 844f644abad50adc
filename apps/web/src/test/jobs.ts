import type { Job, JobProgress } from '@poolwatch/shared';

/** Test data: a running bounded clone, with any field overridden. */
export function makeProgress(extra: Partial<JobProgress> = {}): JobProgress {
  return {
    type: 'bounded',
    dataTotal: 10 * 1024 ** 3,
    dataProcessed: Math.round(3.2 * 1024 ** 3),
    dataRemaining: Math.round(6.8 * 1024 ** 3),
    timeElapsed: 30_000,
    timeRemaining: 60_000,
    rate: 120 * 1024 ** 2,
    source: 'host probe: target allocation',
    measuredAt: null,
    ...extra,
  };
}

export function makeJob(extra: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    origin: 'poolwatch',
    seq: 5,
    hostId: 'lab1',
    kind: 'volume.clone',
    target: { pool: 'demo-images', volume: 'disk.qcow2', targetPool: null, targetVolume: 'copy' },
    state: 'running',
    progress: makeProgress(),
    cancellable: true,
    cancelNote: null,
    error: null,
    params: { kind: 'volume.clone', name: 'copy', format: 'raw', sourceFormat: 'raw' },
    startedBy: 'admin',
    createdAt: '2025-01-01T10:00:00.000Z',
    startedAt: '2025-01-01T10:00:01.000Z',
    endedAt: null,
    cancelledBy: null,
    cleanup: null,
    attachedAt: null,
    pausable: false,
    pauseNote: 'nothing on the host can hold this work yet',
    limits: { bytesPerSecond: null, enforcedBy: null },
    limitable: false,
    limitNote: 'nothing on the host can limit this work yet',
    ...extra,
  };
}
