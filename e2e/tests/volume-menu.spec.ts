/**
 * The actions menu on the last visible row stays on screen (it opens upward), Home/End move
 * through it, and the focus comes back to the row's Actions button when a dialog closes.
 */
import { expect, test } from '@playwright/test';
import { VolumesPage } from '../pages/volumes-page.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

const MiB = 1024 * 1024;
const names = Array.from({ length: 40 }, (_, i) => `pwmenu-${String(i).padStart(2, '0')}.raw`);
let pool: TestPool;

test.beforeAll(async () => {
  pool = await createDirPool(
    uniqueName('pw-e2e-menu'),
    names.map((name) => ({ name, kind: 'raw' as const, size: MiB })),
  );
});

test.afterAll(async () => {
  await pool?.destroy();
});

test('menu on the last row: every item on screen, Home/End, focus back after the dialog', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const volumes = new VolumesPage(page);
  await volumes.goto(pool.name);
  const last = names.at(-1)!;
  // Scroll the grid to its end: the last row sits at the bottom of the window.
  await expect
    .poll(async () => {
      await page.locator('.vgrid__scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      return volumes.row(last).count();
    })
    .toBe(1);
  const opener = volumes.row(last).getByRole('button', { name: /^Actions for / });
  await opener.scrollIntoViewIfNeeded();
  await opener.click();
  const menu = page.getByRole('menu');
  for (const item of await menu.getByRole('menuitem').all()) await expect(item).toBeInViewport();
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Download' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(menu.getByRole('menuitem', { name: 'Clone…' })).toBeFocused();
  await menu.getByRole('menuitem', { name: 'Delete…', exact: true }).click();
  await expect(volumes.dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(volumes.dialog).toBeHidden();
  await expect(opener).toBeFocused();
});
