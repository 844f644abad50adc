/**
 * One host down does not take the dashboard down: it is shown as unreachable, with why,
 * while the sandbox host keeps working.
 */
import { expect, test } from '@playwright/test';
import { apiPaths } from '@poolwatch/shared';
import { expectApiError, getHosts, getPools } from '../support/bff.js';
import { OFFLINE_HOST_ID, SANDBOX_HOST_ID } from '../support/env.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { hostRow, poolRow, uiPaths } from '../support/ui.js';

let pool: TestPool;

test.beforeAll(async () => {
  pool = await createDirPool(uniqueName('pw-e2e-reach'), [
    { name: 'disk.raw', kind: 'raw', size: 1 << 20 },
  ]);
});

test.afterAll(async () => {
  await pool?.destroy();
});

test('hosts overview: offline host unreachable with an error, sandbox connected', async ({
  page,
}) => {
  await page.goto('/');
  const offline = hostRow(page, OFFLINE_HOST_ID);
  await expect(offline.getByTestId('host-state')).toHaveText('unreachable', { timeout: 15_000 });
  await expect(offline.getByTestId('host-error')).toHaveText(/\S/);
  await expect(offline).toContainText('Offline lab');
  const sandbox = hostRow(page, SANDBOX_HOST_ID);
  await expect(sandbox.getByTestId('host-state')).toHaveText('connected');
  await expect(sandbox).toContainText('Sandbox');
});

test('offline host pools view shows the unreachable banner', async ({ page }) => {
  await page.goto(uiPaths.host(OFFLINE_HOST_ID));
  await expect(page.getByTestId('host-unreachable')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('pool-row')).toHaveCount(0);
});

test('sandbox host pools view still lists pools', async ({ page }) => {
  await page.goto(uiPaths.host(SANDBOX_HOST_ID));
  await expect(poolRow(page, pool.name)).toBeVisible();
  await expect(page.getByTestId('host-unreachable')).toHaveCount(0);
});

test('API: offline host is unreachable and its pools answer 503', async ({ request }) => {
  await expect
    .poll(async () => (await getHosts(request)).find((h) => h.id === OFFLINE_HOST_ID)?.state, {
      timeout: 15_000,
    })
    .toBe('unreachable');
  const hosts = await getHosts(request);
  const offline = hosts.find((h) => h.id === OFFLINE_HOST_ID);
  expect(offline).toMatchObject({
    label: 'Offline lab',
    uri: 'qemu+ssh://root@127.0.0.1:1/system',
  });
  expect(offline?.error ?? '').toMatch(/\S/);
  expect(hosts.find((h) => h.id === SANDBOX_HOST_ID)).toMatchObject({
    state: 'connected',
    error: null,
  });

  const err = await expectApiError(await request.get(apiPaths.pools(OFFLINE_HOST_ID)), [503]);
  expect(err.error.id).toBe('host_unreachable');
  expect(err.error.message).toMatch(/\S/);

  expect((await getPools(request)).map((p) => p.name)).toContain(pool.name);
});
