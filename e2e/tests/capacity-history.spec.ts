/**
 * Capacity history in the browser: a BFF of the test's own, with 7 days of 1-minute samples
 * seeded into its jobs.sqlite before it starts, shows the pool's chart with the forecast
 * line and the "full in N days" chip (pool page, pool row, kiosk). The pool is real (a dir
 * pool on the sandbox libvirtd); only its history is seeded. Also writes the README's
 * picture (docs/screenshots/pool-history.png with `pnpm screenshots`).
 */
import path from 'node:path';
import { expect, test } from '../support/fixtures.js';
import { createKioskToken, signInAdmin } from '../support/auth.js';
import { growingSamples, seedCapacity } from '../support/capacity-seed.js';
import { OWN_BFF_PORT, SANDBOX_HOST_ID, SCREENSHOT_PATH } from '../support/env.js';
import { OwnBff } from '../support/own-bff.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { poolRow, uiPaths } from '../support/ui.js';

const GiB = 1024 ** 3;
// 59.5 GiB of 100 GiB, growing 3 GiB a day: full in 13.5 days, a warning (< 30 days).
const SEED = { days: 7, capacity: 100 * GiB, allocationNow: 59.5 * GiB, perDay: 3 * GiB };
const SHOT = path.join(path.dirname(SCREENSHOT_PATH), 'pool-history.png');

let pool: TestPool;
// Samples hourly (the longest allowed): no live sample joins the seeded ones during the test.
const bff = new OwnBff(OWN_BFF_PORT, { POOLWATCH_HISTORY_SAMPLE_MS: '3600000' });

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  pool = await createDirPool(uniqueName('pw-e2e-history'), []);
  await bff.start(); // creates its jobs.sqlite and the history table
  await bff.stop();
  seedCapacity(bff.dataDir, SANDBOX_HOST_ID, pool.name, growingSamples(SEED));
  await bff.start();
});

test.afterAll(async () => {
  await bff.stop();
  await pool?.destroy();
});

test('the pool page charts the seeded history with the forecast line and the chip', async ({
  page,
}) => {
  await signInAdmin(page.request, bff.url);
  await page.setViewportSize({ width: 1400, height: 1100 });
  await page.goto(bff.url + uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  const history = page.getByTestId('pool-history');
  const chart = history.getByTestId('pool-chart');
  await expect(chart.locator('canvas')).toBeVisible({ timeout: 15_000 });
  // 10,080 seeded minutes plus the forecast line's end point, in the future.
  await expect(chart).toHaveAttribute('data-points', String(7 * 24 * 60 + 1));
  await expect(chart.locator('.u-legend')).toContainText('Forecast');
  const chip = history.getByTestId('full-chip');
  await expect(chip).toHaveText('full in 13 days');
  await expect(chip).toHaveAttribute('data-level', 'warning');
  await expect(history.getByTestId('pool-history-basis')).toHaveText(
    'least squares over 7 days of samples (10,080 points)',
  );
  // The text equivalent: on the canvas's container and as visible text, with figures.
  const summary = history.getByTestId('pool-history-summary');
  await expect(summary).toContainText('Forecast: full in 13 days');
  await expect(summary).toContainText('growing 3');
  await expect(chart).toHaveAttribute('role', 'img');
  await expect(chart).toHaveAttribute('aria-label', (await summary.textContent()) ?? '');
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({ path: SHOT, fullPage: true });
});

test('the host page shows the chip on the pool row and the stacked usage chart', async ({
  page,
}) => {
  await signInAdmin(page.request, bff.url);
  await page.goto(bff.url + uiPaths.host(SANDBOX_HOST_ID));
  const chip = poolRow(page, pool.name).getByTestId('full-chip');
  await expect(chip).toHaveText('full in 13 days', { timeout: 15_000 });
  await expect(chip).toHaveAttribute('data-level', 'warning');
  await expect(page.getByTestId('host-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('host-usage-summary')).toContainText('59.5');
});

test('the kiosk shows the chip', async ({ page, openKiosk }) => {
  await signInAdmin(page.request, bff.url);
  const token = await createKioskToken(page.request, uniqueName('history'), bff.url);
  const kiosk = await openKiosk(new URL(token.url, bff.url).toString());
  const row = kiosk.page.locator(
    `[data-testid="kiosk-pool"][data-pool-name="${pool.name.replaceAll('"', '\\"')}"]`,
  );
  const chip = row.getByTestId('full-chip');
  await expect(chip).toHaveText('full in 13 days', { timeout: 15_000 });
  await expect(chip).toHaveAttribute('data-level', 'warning');
});
