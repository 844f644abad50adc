/**
 * A create that needs more than the pool has free is refused by the BFF (409
 * insufficient_space) and the dialog says so, with the figures, while nothing is created.
 */
import { expect, test } from '@playwright/test';
import { SANDBOX_HOST_ID } from '../support/env.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { uiPaths } from '../support/ui.js';
import { poolInfo, volNames } from '../support/virsh.js';

let pool: TestPool;

test.beforeAll(async () => {
  pool = await createDirPool(uniqueName('pw-e2e-space'), []);
});

test.afterAll(async () => {
  await pool?.destroy();
});

test('create with an allocation beyond the free space: the dialog shows the 409 and its figures', async ({
  page,
}) => {
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  await page.getByTestId('create-volume').click();
  const dialog = page.getByTestId('create-volume-dialog');
  await dialog.getByLabel('Name', { exact: true }).fill('too big.img');
  // 1000 TiB: more than this machine's disk holds, still an exact JavaScript integer.
  await dialog.getByLabel('Capacity', { exact: true }).fill('1000');
  await dialog.getByLabel('Unit of size').selectOption('TiB');
  await dialog.getByLabel('Allocation', { exact: true }).fill('1000');
  await dialog.getByLabel('Unit of allocated size').selectOption('TiB');
  await dialog.getByTestId('dialog-confirm').click();

  const error = dialog.getByTestId('dialog-error');
  await expect(error).toContainText(`not enough space in pool ${JSON.stringify(pool.name)}`);
  await expect(dialog.getByTestId('dialog-error-space')).toContainText('Needs 1000 TiB');
  // The machine's disk is shared: its free space moves, so compare within 1 GiB.
  const shown = Number(
    await dialog.getByTestId('dialog-error-available').getAttribute('data-bytes'),
  );
  expect(Math.abs(shown - (await poolInfo(pool.name)).available)).toBeLessThan(1024 ** 3);
  await expect(dialog).toBeVisible();
  expect(await volNames(pool.name)).toEqual([]);
});
