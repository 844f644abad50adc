/** Download from the browser: the saved file is the volume, and the job ends in history. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { sha256File, writeFilled } from '@poolwatch/host-truth';
import { expect, test } from '../support/fixtures.js';
import { MiB, refreshPool, scratchDir } from '../support/host-files.js';
import { findJob } from '../support/jobs-api.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

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

test('download a volume: same bytes, and a succeeded job in history', async ({
  page,
  volumesPage,
  jobsPanel,
  request,
}) => {
  const since = Date.now();
  await volumesPage.goto(pool.name);
  const downloaded = page.waitForEvent('download');
  await volumesPage.action(NAME, 'download');
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe(NAME);
  const saved = path.join(scratch, 'saved.raw');
  await download.saveAs(saved);
  expect(await sha256File(saved)).toBe(await sha256File(pool.file(NAME)));

  const job = await findJob(request, 'volume.download', pool.name, NAME, since);
  const row = jobsPanel.historyRow(job.id);
  await expect(row).toHaveAttribute('data-job-state', 'succeeded', { timeout: 15_000 });
  await expect(row).toHaveAttribute('data-job-kind', 'volume.download');
});
