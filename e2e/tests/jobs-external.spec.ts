/**
 * Work started with plain virsh (someone at a terminal), never through Poolwatch: the jobs
 * panel shows it as "started outside Poolwatch" with a bar that advances, and its Cancel
 * really stops libvirt's scrub (virsh fails).
 */
import { spawn } from 'node:child_process';
import { expect, test } from '../support/fixtures.js';
import { findJob } from '../support/jobs-api.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

const MiB = 1024 * 1024;
const VOLUME = 'wiped from a terminal.raw';
/** nnsa = 4 passes: 6 GiB of scrub's I/O, still running while the test watches and cancels. */
const SIZE = 1536 * MiB;
let pool: TestPool;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  pool = await createDirPool(uniqueName('pw-e2e-external'), [
    { name: VOLUME, kind: 'raw', size: SIZE, dataBytes: SIZE },
  ]);
});

test.afterAll(async () => {
  await pool?.destroy();
});

test('a vol-wipe started with virsh shows up, advances, and Cancel stops it', async ({
  volumesPage,
  jobsPanel,
  request,
}) => {
  test.setTimeout(120_000);
  await volumesPage.goto(pool.name);
  const since = Date.now();
  const wipe = spawn(
    'virsh',
    ['-c', 'qemu:///system', 'vol-wipe', '--pool', pool.name, '--algorithm', 'nnsa', '--', VOLUME],
    { stdio: 'ignore' },
  );
  const exit = new Promise<number | null>((resolve) => wipe.on('close', resolve));
  try {
    const job = await findJob(request, 'volume.wipe', pool.name, VOLUME, since);
    expect(job.origin).toBe('external');
    const row = jobsPanel.row(job.id);
    await expect(row).toHaveAttribute('data-job-origin', 'external', { timeout: 15_000 });
    await expect(row.getByTestId('job-origin')).toHaveText('started outside Poolwatch');

    const first = await expect
      .poll(() => jobsPanel.processed(job.id), { timeout: 30_000 })
      .toBeGreaterThan(0)
      .then(() => jobsPanel.processed(job.id));
    await expect
      .poll(() => jobsPanel.processed(job.id), { message: 'the bar advances', timeout: 30_000 })
      .toBeGreaterThan(first);
    expect(await jobsPanel.total(job.id)).toBe(4 * SIZE);

    await jobsPanel.cancel(job.id);
    await jobsPanel.expectState(job.id, 'cancelled', 30_000);
    expect(await exit, 'virsh vol-wipe fails once scrub is stopped').not.toBe(0);
  } finally {
    if (wipe.exitCode === null) wipe.kill();
  }
});
