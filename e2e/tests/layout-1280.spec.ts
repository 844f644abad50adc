/**
 * Layout at 1280 × 800 (issue 12, fit and finish): the last row's menu items are on screen
 * and take clicks, a long name is cut on one line with its full text in `title`, the Actions
 * column stays inside the window, and a collapsed jobs panel stays collapsed after a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { VolumesPage } from '../pages/volumes-page.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

const MiB = 1024 * 1024;
const WIDTH = 1280;
// One name far wider than its column, with no space to break at; it sorts first.
const LONG = `pwlayout-0-${'abcdefghij'.repeat(14)}.raw`;
const names = [
  LONG,
  ...Array.from({ length: 39 }, (_, i) => `pwlayout-${String(i + 1).padStart(2, '0')}.raw`),
];
let pool: TestPool;

test.beforeAll(async () => {
  pool = await createDirPool(
    uniqueName('pw-e2e-layout'),
    names.map((name) => ({ name, kind: 'raw' as const, size: MiB })),
  );
});

test.afterAll(async () => {
  await pool?.destroy();
});

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: WIDTH, height: 800 });
});

async function scrollToLastRow(page: Page, volumes: VolumesPage, last: string): Promise<void> {
  await expect
    .poll(async () => {
      await page.locator('.vgrid__scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      return volumes.row(last).count();
    })
    .toBe(1);
}

test('the last row: its menu items are on screen and open their dialogs', async ({ page }) => {
  const volumes = new VolumesPage(page);
  await volumes.goto(pool.name);
  const last = names.at(-1)!;
  await scrollToLastRow(page, volumes, last);
  const opener = volumes.row(last).getByRole('button', { name: /^Actions for / });
  for (const label of ['Wipe…', 'Delete…']) {
    await opener.click();
    const menu = page.getByRole('menu');
    for (const item of await menu.getByRole('menuitem').all()) await expect(item).toBeInViewport();
    // A real click (Playwright checks the item is the one that receives it), not a dispatch.
    await menu.getByRole('menuitem', { name: label, exact: true }).click();
    await expect(volumes.dialog).toBeVisible();
    await expect(volumes.dialog).toContainText(last);
    await volumes.dialog.getByTestId('dialog-cancel').click();
    await expect(volumes.dialog).toBeHidden();
    await expect(opener).toBeFocused();
  }
});

test('a long name is cut on one line, whole in its title; Actions stay in the window', async ({
  page,
}) => {
  const volumes = new VolumesPage(page);
  await volumes.goto(pool.name);
  const cell = volumes.row(LONG).locator('.vgrid__cell--name');
  await expect(cell).toHaveAttribute('title', LONG);
  const box = await cell.evaluate((el) => ({
    cut: el.scrollWidth > el.clientWidth,
    height: el.getBoundingClientRect().height,
    lineHeight: parseFloat(getComputedStyle(el).lineHeight) || 20,
  }));
  expect(box.cut).toBe(true);
  // One line: the name did not wrap (a broken name would be two or more lines tall).
  expect(box.height).toBeLessThan(box.lineHeight * 2);

  const header = page.getByRole('columnheader', { name: 'Actions' });
  const button = volumes.row(LONG).getByRole('button', { name: /^Actions for / });
  for (const el of [header, button]) {
    // Below the pool's cards the table may start under the fold: scrolled to vertically
    // only (never sideways), nothing may have pushed the column out of the window.
    await el.evaluate((e) => window.scrollBy(0, e.getBoundingClientRect().top - 100));
    await expect(el).toBeInViewport({ ratio: 1 });
    const rect = await el.boundingBox();
    expect(rect!.x + rect!.width).toBeLessThanOrEqual(WIDTH);
  }
});

test('the jobs panel collapses, and stays collapsed after a reload', async ({ page }) => {
  const volumes = new VolumesPage(page);
  await volumes.goto(pool.name);
  const panel = page.getByTestId('jobs-panel');
  const toggle = panel.getByTestId('jobs-panel-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const before = await page.getByTestId('volumes-table').boundingBox();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(panel.getByTestId('jobs-active')).toBeHidden();

  await page.reload();
  await expect(volumes.liveStatus).toHaveText('live', { timeout: 15_000 });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(panel.getByTestId('jobs-active')).toBeHidden();
  // The page took the panel's room: the volumes table is wider than beside an open panel.
  const after = await page.getByTestId('volumes-table').boundingBox();
  expect(after!.width).toBeGreaterThan(before!.width + 100);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(panel.getByTestId('jobs-active')).toBeVisible();
});
