/**
 * A browser upload outlives a BFF crash: 256 MiB go up through tus from the file input, the
 * BFF this test started is killed (SIGKILL, by its PID) once the job has moved about half
 * of the bytes, and started again. Nobody touches the page: tus-js-client retries, asks the
 * new BFF for the confirmed offset and sends the rest. The volume holds the file's exact
 * bytes, there is one job (the same id) and it shows where it resumed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { sha256File, writeFilled } from '@poolwatch/host-truth';
import { routes, type Job } from '@poolwatch/shared';
import { JobsPanel } from '../pages/jobs-panel.js';
import { VolumesPage } from '../pages/volumes-page.js';
import { api } from '../support/api.js';
import { signInAdmin } from '../support/auth.js';
import { OWN_BFF_PORT, SANDBOX_HOST_ID } from '../support/env.js';
import { expect, test } from '../support/fixtures.js';
import { MiB, scratchDir, volumeSha256 } from '../support/host-files.js';
import { OwnBff } from '../support/own-bff.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { uiPaths } from '../support/ui.js';

const SIZE = 256 * MiB;
/**
 * The browser's upload rate is capped (Chromium's own network throttling, through CDP): on
 * an idle machine 256 MiB would otherwise be through before a poll sees the middle.
 */
const UPLOAD_BYTES_PER_SECOND = 16 * MiB;

let pool: TestPool;
let scratch: string;
const bff = new OwnBff(OWN_BFF_PORT);

test.beforeAll(async () => {
  pool = await createDirPool(uniqueName('pw-e2e-upload-resume'), []);
  scratch = await scratchDir('pw-e2e-upload-resume-files');
  await bff.start();
});

test.afterAll(async () => {
  await bff.stop();
  await pool?.destroy();
  if (scratch) await fs.rm(scratch, { recursive: true, force: true });
});

test('a BFF killed mid-upload: the browser resumes by itself, same job, exact bytes', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const since = Date.now();
  const name = `${uniqueName('resumed')}.raw`;
  const file = path.join(scratch, name);
  await writeFilled(file, SIZE, 'random');
  const expected = await sha256File(file);
  const request = page.request;
  const jobs = async () =>
    (await api(request, routes.jobs, { query: { limit: 200 } }, { baseUrl: bff.url })).filter(
      (j) =>
        j.kind === 'volume.upload' &&
        j.target.pool === pool.name &&
        j.target.volume === name &&
        Date.parse(j.createdAt) >= since,
    );
  const job = (id: string) => api(request, routes.job, { params: { id } }, { baseUrl: bff.url });

  await signInAdmin(request, bff.url);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: UPLOAD_BYTES_PER_SECOND,
  });
  await page.goto(bff.url + uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  const volumesPage = new VolumesPage(page);
  const jobsPanel = new JobsPanel(page);
  await expect(volumesPage.liveStatus).toHaveText('live', { timeout: 15_000 });
  await volumesPage.uploadNew(file);

  let started: Job | undefined;
  await expect
    .poll(async () => (started = (await jobs())[0])?.id, { timeout: 30_000 })
    .toBeTruthy();
  const id = started!.id;

  // Kill at about half, while the job runs (its bytes are the server's measure).
  let atKill = 0;
  await expect
    .poll(
      async () => {
        const now = await job(id);
        expect(now.state, 'the upload is still running when the BFF is killed').toBe('running');
        atKill = now.progress.dataProcessed ?? 0;
        return atKill;
      },
      { message: 'the upload reaches half', timeout: 120_000, intervals: [50] },
    )
    .toBeGreaterThanOrEqual(SIZE / 2);
  await bff.stop('SIGKILL');
  console.log(`[upload-resume] killed the BFF at ${atKill} of ${SIZE} bytes`);
  await expect(page.getByTestId('server-unreachable')).toBeVisible({ timeout: 15_000 });

  await bff.start();
  let ended: Job | undefined;
  await expect
    .poll(async () => (ended = await job(id)).state, {
      message: 'the same job goes on to its end, with nobody touching the page',
      timeout: 180_000,
    })
    .toBe('succeeded');
  const params = ended!.params;
  expect(params.kind).toBe('volume.upload');
  if (params.kind !== 'volume.upload') return;
  console.log(`[upload-resume] resumed from ${params.resumedFrom} (${params.resumes} resume(s))`);
  // Resumed from a confirmed chunk end before the kill, not from 0 and not past the kill.
  expect(params.resumedFrom ?? 0).toBeGreaterThan(0);
  expect(params.resumedFrom ?? Infinity).toBeLessThanOrEqual(atKill);
  expect(params.resumes).toBeGreaterThanOrEqual(1);
  expect(
    (await jobs()).map((j) => j.id),
    'one job, no second upload',
  ).toEqual([id]);
  expect(await volumeSha256(pool.name, name, scratch)).toBe(expected);

  // The job says where it resumed: its row in the jobs panel and its page.
  const resumedMiB = `${(params.resumedFrom ?? 0) / MiB} MiB`;
  const row = jobsPanel.row(id).getByTestId('job-resumed');
  await expect(row).toHaveAttribute('data-resumed-from', String(params.resumedFrom));
  await expect(row).toContainText(`resumed at ${resumedMiB}`);
  await page.goto(`${bff.url}/jobs/${encodeURIComponent(id)}`);
  await expect(page.getByTestId('job-page-resumed')).toContainText(`resumed at ${resumedMiB}`);
});
