/** A job started in one browser is seen live, and ending, by another that is already open. */
import { expect, test } from '@playwright/test';
import { BASE_URL, SANDBOX_HOST_ID, STORAGE_STATE } from '../support/env.js';
import {
  findJob,
  jobRow,
  randomGiBSource,
  recordJobRows,
  shownFor,
  volumeAction,
} from '../support/jobs.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { uiPaths, volumeRow } from '../support/ui.js';

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
    const pageA = await a.newPage();
    const pageB = await b.newPage();
    await pageB.goto(uiPaths.pool(SANDBOX_HOST_ID, pool.name));
    await expect(pageB.getByTestId('live-status')).toHaveText('live');
    await recordJobRows(pageB);

    await pageA.goto(uiPaths.pool(SANDBOX_HOST_ID, source.pool));
    await expect(pageA.getByTestId('live-status')).toHaveText('live');
    await volumeAction(pageA, source.volume, 'clone');
    const dialog = pageA.getByRole('dialog');
    await dialog.getByLabel('Name').fill(target);
    await dialog.getByLabel('Target pool').selectOption(pool.name);
    await dialog.getByTestId('dialog-confirm').click();
    await expect(dialog).toBeHidden();

    const job = await findJob(request, 'volume.clone', pool.name, target, since);
    await expect(jobRow(pageB, job.id), 'B shows the job').toBeVisible();
    await expect(jobRow(pageB, job.id)).toHaveAttribute('data-job-state', 'succeeded', {
      timeout: 60_000,
    });
    const shown = await shownFor(pageB, job.id);
    const running = shown
      .filter((r) => r.state === 'running' && r.processed && Number(r.processed) > 0)
      .map((r) => Number(r.processed));
    console.log(`[two-browsers] B saw data-processed: ${running.join(', ')}`);
    expect(new Set(running).size, 'B saw the progress advance').toBeGreaterThanOrEqual(2);
    expect(running, 'never backwards').toEqual([...running].sort((x, y) => x - y));
    expect(shown.at(-1)?.state).toBe('succeeded');
    await expect(volumeRow(pageB, target), 'the new volume in B without reload').toBeVisible();
    await expect(jobRow(pageA, job.id)).toHaveAttribute('data-job-state', 'succeeded');
  } finally {
    await a.close();
    await b.close();
  }
});
