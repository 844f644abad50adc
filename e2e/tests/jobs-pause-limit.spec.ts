/**
 * Pause, resume and a live limit from the browser (issue 11): a 2 GiB raw→raw clone (Poolwatch's
 * own dd) submitted with a limit from the clone dialog, paused from the jobs panel, resumed
 * from the volume row, its limit raised; a second browser and the kiosk see paused/limited.
 * Ground truth is the host's: the kernel's file position of the fds writing the target.
 */
import { fdPositions, sha256File } from '@poolwatch/host-truth';
import { JobsPanel } from '../pages/jobs-panel.js';
import { VolumesPage } from '../pages/volumes-page.js';
import { createKioskToken } from '../support/auth.js';
import { BASE_URL, STORAGE_STATE } from '../support/env.js';
import { expect, test } from '../support/fixtures.js';
import { GiB, MiB, randomSource } from '../support/host-files.js';
import { findJob } from '../support/jobs-api.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

let pool: TestPool;
let source: { pool: string; volume: string };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  pool = await createDirPool(uniqueName('pw-e2e-pause'), []);
  source = await randomSource(pool, 2 * GiB);
});

test.afterAll(async () => {
  await pool?.destroy();
});

/** Bytes written into `path` so far, as the kernel counts them (sum over its open fds). */
const written = (path: string) => fdPositions(path).reduce((sum, pos) => sum + pos, 0);

test('pause, resume and a new limit from the browser; another browser and the kiosk see them', async ({
  browser,
  page,
  request,
  openKiosk,
}) => {
  test.setTimeout(240_000);
  const since = Date.now();
  const target = `${uniqueName('held')}.raw`;
  const targetPath = pool.file(target);
  const volumes = new VolumesPage(page);
  const jobs = new JobsPanel(page);
  const other = await browser.newContext({ storageState: STORAGE_STATE, baseURL: BASE_URL });
  try {
    const otherJobs = new JobsPanel(await other.newPage());
    await new VolumesPage(otherJobs.page).goto(pool.name);
    const { url } = await createKioskToken(page.request, uniqueName('pause-wall'));
    const kiosk = await openKiosk(url);

    // Submitted with a limit from the dialog: slow enough to be paused mid-copy.
    await volumes.goto(pool.name);
    await volumes.fillClone(source.volume, { name: target, format: 'raw' });
    await volumes.dialog.getByLabel('Limit (MiB/s)').fill('40');
    await volumes.confirm();
    const job = await findJob(request, 'volume.clone', pool.name, target, since);
    expect(job.pausable && job.limitable, JSON.stringify(job)).toBe(true);
    expect(job.limits.bytesPerSecond).toBe(40 * MiB);
    await expect.poll(() => written(targetPath), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(jobs.row(job.id).getByTestId('job-pause')).toBeVisible({ timeout: 30_000 });

    await jobs.row(job.id).getByTestId('job-pause').click();
    await jobs.expectState(job.id, 'paused');
    await expect(jobs.progressBar(job.id)).toHaveAttribute('data-paused', 'true');
    await expect(jobs.progressBar(job.id)).toHaveAttribute('aria-valuetext', /^paused/);
    // The host: nothing is written into the target for 3 s (a measuring window).
    const before = written(targetPath);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(fdPositions(targetPath).length, 'dd still holds the target').toBeGreaterThan(0);
    expect(written(targetPath), 'no byte moved while paused').toBe(before);
    expect(before).toBeLessThan(2 * GiB);
    // Seen as such elsewhere: another admin's browser and the wall.
    await otherJobs.expectState(job.id, 'paused');
    await expect(kiosk.job(job.id)).toHaveAttribute('data-job-state', 'paused', {
      timeout: 15_000,
    });
    await expect(kiosk.job(job.id).getByTestId('kiosk-job-limit')).toHaveText(
      'limited to 40 MiB/s',
    );

    // Resumed from the volume row (the same controls as the panel's).
    await volumes.row(source.volume).getByTestId('job-resume').click();
    await jobs.expectState(job.id, 'running');
    await expect.poll(() => written(targetPath), { timeout: 30_000 }).toBeGreaterThan(before);

    const limit = jobs.row(job.id);
    await limit.getByTestId('job-limit-input').fill('200');
    await limit.getByTestId('job-limit-set').click();
    await expect(otherJobs.row(job.id).getByTestId('job-limit')).toHaveText('limit 200 MiB/s', {
      timeout: 15_000,
    });
    await expect(kiosk.job(job.id).getByTestId('kiosk-job-limit')).toHaveText(
      'limited to 200 MiB/s',
      { timeout: 15_000 },
    );

    await jobs.expectState(job.id, 'succeeded', 120_000);
    await otherJobs.expectState(job.id, 'succeeded');
    expect(await sha256File(targetPath)).toBe(await sha256File(pool.file(source.volume)));
  } finally {
    await other.close();
  }
});
