/**
 * The README's pictures: the volumes view of a pool that looks like a real one (light and
 * dark theme), and the jobs page after a few real jobs on it. Written to
 * docs/screenshots/{volumes,volumes-dark,jobs}.png by `pnpm screenshots`, else under the
 * data dir.
 */
import { expect, test } from '@playwright/test';
import { routes } from '@poolwatch/shared';
import { api } from '../support/api.js';
import { csrfHeaders } from '../support/auth.js';
import {
  DARK_SCREENSHOT_PATH,
  JOBS_SCREENSHOT_PATH,
  SANDBOX_HOST_ID,
  SCREENSHOT_PATH,
} from '../support/env.js';
import { waitJobEnd } from '../support/jobs-api.js';
import { createDirPool, type TestPool, type VolumeSpec } from '../support/pools.js';
import { attrValues, uiPaths } from '../support/ui.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const POOL = 'vm-images';

const VOLUMES: VolumeSpec[] = [
  { name: 'debian-12-genericcloud.qcow2', kind: 'qcow2', size: 20 * GiB, dataBytes: 38 * MiB },
  { name: 'ubuntu-24.04-server.qcow2', kind: 'qcow2', size: 25 * GiB, dataBytes: 27 * MiB },
  { name: 'fedora-41-workstation.qcow2', kind: 'qcow2', size: 30 * GiB, dataBytes: 21 * MiB },
  { name: 'win11.qcow2', kind: 'qcow2', size: 64 * GiB, dataBytes: 52 * MiB },
  { name: 'win-server-2022.qcow2', kind: 'qcow2', size: 80 * GiB, dataBytes: 33 * MiB },
  {
    name: 'k8s-node-01.qcow2',
    kind: 'qcow2',
    size: 20 * GiB,
    backing: 'debian-12-genericcloud.qcow2',
    dataBytes: 6 * MiB,
  },
  {
    name: 'k8s-node-02.qcow2',
    kind: 'qcow2',
    size: 20 * GiB,
    backing: 'debian-12-genericcloud.qcow2',
    dataBytes: 4 * MiB,
  },
  {
    name: 'k8s-node-03.qcow2',
    kind: 'qcow2',
    size: 20 * GiB,
    backing: 'debian-12-genericcloud.qcow2',
    dataBytes: 5 * MiB,
  },
  { name: 'data-disk-01.raw', kind: 'raw', size: 100 * GiB, dataBytes: 16 * MiB },
  { name: 'data-disk-02.raw', kind: 'raw', size: 200 * GiB, dataBytes: 9 * MiB },
  { name: 'postgres-data.raw', kind: 'raw', size: 50 * GiB, dataBytes: 24 * MiB },
  { name: 'scratch.img', kind: 'raw', size: 4 * GiB },
  {
    name: 'debian-12.8.0-amd64-netinst.iso',
    kind: 'raw',
    size: 662700032,
    dataBytes: 2 * MiB,
    iso: true,
  },
  {
    name: 'alpine-virt-3.20.3-x86_64.iso',
    kind: 'raw',
    size: 65011712,
    dataBytes: 1 * MiB,
    iso: true,
  },
];

let pool: TestPool;

test.beforeAll(async () => {
  // A fixed, realistic name; a leftover from a crashed run was swept by globalSetup.
  pool = await createDirPool(POOL, VOLUMES);
});

test.afterAll(async () => {
  await pool?.destroy();
});

test('screenshot of the volumes view', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, POOL));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  const n = VOLUMES.length;
  await expect(page.getByTestId('volume-count')).toHaveText(`${n} of ${n} volumes`);
  // Rows are virtualized; at 1400x900 the visible ones must be the first rows at least.
  await expect
    .poll(async () => (await attrValues(page, 'volume-row', 'data-volume-name')).length)
    .toBeGreaterThan(8);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: SCREENSHOT_PATH, animations: 'disabled', caret: 'hide' });
});

test('screenshot of the jobs page', async ({ page, request }) => {
  test.setTimeout(120_000);
  const headers = await csrfHeaders(request);
  const params = { hostId: SANDBOX_HOST_ID, pool: POOL };
  const run = async (job: { id: string }) => waitJobEnd(request, job.id, 90_000);
  const volume = (name: string) => ({ ...params, volume: name });
  const disk = { name: 'web-01.qcow2', capacity: 20 * GiB, format: 'qcow2' as const };
  await run(await api(request, routes.volumeCreate, { params, body: disk }, { headers }));
  const copy = { name: 'scratch-copy.img' };
  await run(
    await api(
      request,
      routes.volumeClone,
      { params: volume('scratch.img'), body: copy },
      { headers },
    ),
  );
  const bigger = { capacity: 40 * GiB };
  await run(
    await api(
      request,
      routes.volumeResize,
      { params: volume(disk.name), body: bigger },
      { headers },
    ),
  );
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/jobs?${new URLSearchParams({ pool: POOL })}`);
  await expect(page.getByTestId('jobs-table-row').first()).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: JOBS_SCREENSHOT_PATH, animations: 'disabled', caret: 'hide' });
});

test('screenshot of the volumes view in the dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, POOL));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  await expect(page.locator('.app')).toHaveAttribute('data-theme', 'dark');
  // The jobs-page picture may have added volumes to the same pool: all of them, unfiltered.
  await expect(page.getByTestId('volume-count')).toHaveText(/^(\d+) of \1 volumes$/);
  await expect
    .poll(async () => (await attrValues(page, 'volume-row', 'data-volume-name')).length)
    .toBeGreaterThan(8);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: DARK_SCREENSHOT_PATH, animations: 'disabled', caret: 'hide' });
});
