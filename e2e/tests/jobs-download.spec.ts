/** Download from the browser: the saved file is the volume, and the job ends in history. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SANDBOX_HOST_ID } from '../support/env.js';
import {
  MiB,
  findJob,
  refreshPool,
  scratchDir,
  sha256File,
  volumeAction,
  writeFilled,
} from '../support/jobs.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { cssEscape, uiPaths } from '../support/ui.js';

const NAME = 'download-me.raw';
let pool: TestPool;
let scratch: string;

test.beforeAll(async () => {
  pool = await createDirPool(uniqueName('pw-e2e-jobs-download'), []);
  scratch = await scratchDir('pw-e2e-jobs-download-files');
  await writeFilled(pool.file(NAME), 64 * MiB + 4096, 'random');
  await refreshPool(pool.name, 1);
});

test.afterAll(async () => {
  await pool?.destroy();
  if (scratch) await fs.rm(scratch, { recursive: true, force: true });
});

test('download a volume: same bytes, and a succeeded job in history', async ({ page, request }) => {
  const since = Date.now();
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  const downloaded = page.waitForEvent('download');
  await volumeAction(page, NAME, 'download');
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe(NAME);
  const saved = path.join(scratch, 'saved.raw');
  await download.saveAs(saved);
  expect(await sha256File(saved)).toBe(await sha256File(pool.file(NAME)));

  const job = await findJob(request, 'volume.download', pool.name, NAME, since);
  const row = page
    .getByTestId('jobs-history')
    .locator(`[data-testid="job-row"][data-job-id="${cssEscape(job.id)}"]`);
  await expect(row).toHaveAttribute('data-job-state', 'succeeded', { timeout: 15_000 });
  await expect(row).toHaveAttribute('data-job-kind', 'volume.download');
});
