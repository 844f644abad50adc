/**
 * Changes made by others (plain virsh) reach an open page without a reload. The bound is
 * generous (15 s) so a loaded machine does not fail a correct server; how fast a change
 * reaches the socket is measured and printed by bench/latency.bench.ts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SANDBOX_HOST_ID } from '../support/env.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import {
  attrValues,
  bytesOf,
  markPage,
  pageWasKept,
  poolRow,
  uiPaths,
  volumeRow,
} from '../support/ui.js';
import { tryVirsh, virsh } from '../support/virsh.js';

const LIVE = { timeout: 15_000 };

let pool: TestPool;
const extraPools: string[] = [];

test.beforeAll(async () => {
  pool = await createDirPool(uniqueName('pw-e2e-live'), [
    { name: 'existing-a.raw', kind: 'raw', size: 1024 * 1024 },
    { name: 'existing-b.qcow2', kind: 'qcow2', size: 64 * 1024 * 1024 },
  ]);
});

test.afterAll(async () => {
  for (const name of extraPools) {
    await tryVirsh('pool-destroy', '--pool', name);
    await fs.rm(path.join(path.dirname(pool.dir), name), { recursive: true, force: true });
  }
  await pool?.destroy();
});

test('a volume created and deleted with virsh appears and disappears without reload', async ({
  page,
}) => {
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  await expect
    .poll(() => attrValues(page, 'volume-row', 'data-volume-name'))
    .toEqual(['existing-a.raw', 'existing-b.qcow2']);
  await markPage(page);

  const fresh = uniqueName('fresh') + '.qcow2';
  const capacity = 48 * 1024 * 1024;
  await virsh(
    'vol-create-as',
    '--pool',
    pool.name,
    '--name',
    fresh,
    '--capacity',
    String(capacity),
    '--format',
    'qcow2',
  );
  const row = volumeRow(page, fresh);
  await expect(row, 'created volume shows up').toBeVisible(LIVE);
  await expect(page.getByTestId('volume-count')).toHaveText('3 of 3 volumes');
  expect(await bytesOf(row, 'volume-capacity')).toBe(capacity);
  await expect(row.getByTestId('volume-format')).toHaveText('qcow2');

  await virsh('vol-delete', '--pool', pool.name, '--vol', fresh);
  await expect(row, 'deleted volume goes away').toHaveCount(0, LIVE);
  await expect(page.getByTestId('volume-count')).toHaveText('2 of 2 volumes');
  expect(await pageWasKept(page), 'the page was not reloaded').toBe(true);
});

test('a pool started and stopped with virsh appears and disappears without reload', async ({
  page,
}) => {
  await page.goto(uiPaths.host(SANDBOX_HOST_ID));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  await expect(poolRow(page, pool.name)).toBeVisible();
  await markPage(page);

  const name = uniqueName('pw-e2e-live-pool');
  const dir = path.join(path.dirname(pool.dir), name);
  await fs.mkdir(dir, { recursive: true });
  extraPools.push(name);
  await virsh('pool-create-as', '--name', name, '--type', 'dir', '--target', dir);
  const row = poolRow(page, name);
  await expect(row, 'started pool shows up').toBeVisible(LIVE);
  await expect(row.getByTestId('pool-state')).toHaveText(/running/i);

  await virsh('pool-destroy', '--pool', name);
  await expect(row, 'destroyed transient pool goes away').toHaveCount(0, LIVE);
  await expect(poolRow(page, pool.name), 'other pools stay').toBeVisible();
  expect(await pageWasKept(page), 'the page was not reloaded').toBe(true);
});
