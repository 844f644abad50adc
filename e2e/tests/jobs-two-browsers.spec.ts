/** A job started in one browser is seen live, and ending, by another that is already open. */
import { JobsPanel } from '../pages/jobs-panel.js';
import { VolumesPage } from '../pages/volumes-page.js';
import { BASE_URL, STORAGE_STATE } from '../support/env.js';
import { expect, test } from '../support/fixtures.js';
import { randomGiBSource } from '../support/host-files.js';
import { findJob } from '../support/jobs-api.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

let pool: TestPool;
let source: { pool: string; volume: string };

test.beforeAll(async () => {
  test.setTimeout(60_000);
  pool = await createDirPool(uniqueName('pw-e2e-jobs-two'), []);
  source = await randomGiBSource(pool);
});

test.afterAll(async () => {
  await pool?.destroy();
});

test('browser B sees the clone browser A started: live progress, then its end', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const since = Date.now();
  const target = `${uniqueName('seen-by-b')}.raw`;
  // browser.newContext() does not inherit the config's `use`: both sign in as the admin.
  const a = await browser.newContext({ storageState: STORAGE_STATE, baseURL: BASE_URL });
  const b = await browser.newContext({ storageState: STORAGE_STATE, baseURL: BASE_URL });
  try {
    const volumesA = new VolumesPage(await a.newPage());
    const pageB = await b.newPage();
    const volumesB = new VolumesPage(pageB);
    const jobsA = new JobsPanel(volumesA.page);
    const jobsB = new JobsPanel(pageB);
    await volumesB.goto(pool.name);
    await jobsB.record();

    await volumesA.goto(source.pool);
    await volumesA.clone(source.volume, { name: target, pool: pool.name });

    const job = await findJob(request, 'volume.clone', pool.name, target, since);
    await expect(jobsB.row(job.id), 'B shows the job').toBeVisible();
    await jobsB.expectState(job.id, 'succeeded', 60_000);
    const shown = await jobsB.shown(job.id);
    const running = shown
      .filter((r) => r.state === 'running' && r.processed && Number(r.processed) > 0)
      .map((r) => Number(r.processed));
    console.log(`[two-browsers] B saw data-processed: ${running.join(', ')}`);
    expect(new Set(running).size, 'B saw the progress advance').toBeGreaterThanOrEqual(2);
    expect(running, 'never backwards').toEqual([...running].sort((x, y) => x - y));
    expect(shown.at(-1)?.state).toBe('succeeded');
    await expect(volumesB.row(target), 'the new volume in B without reload').toBeVisible();
    await expect(jobsA.row(job.id)).toHaveAttribute('data-job-state', 'succeeded');
  } finally {
    await a.close();
    await b.close();
  }
});
