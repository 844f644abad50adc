/**
 * Fleet search from the masthead (Ctrl-K, arrows, Enter) and the remembered dark theme, in
 * Chromium against the real BFF and the private libvirtd.
 */
import { expect, test } from '@playwright/test';
import { SANDBOX_HOST_ID } from '../support/env.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { uiPaths } from '../support/ui.js';

const MiB = 1024 * 1024;
// A hostile volume name next to plain ones: found by its visible letters, shown exactly.
const HOSTILE = "pw-find $(x); 'q' \u202Eevil";

let a: TestPool;
let b: TestPool;

test.beforeAll(async () => {
  a = await createDirPool(uniqueName('pw-e2e-find-a'), [
    { name: 'pwfind-alpha.raw', kind: 'raw', size: MiB },
    { name: HOSTILE, kind: 'raw', size: MiB },
  ]);
  b = await createDirPool(uniqueName('pw-e2e-find-b'), [
    { name: 'pwfind-beta.raw', kind: 'raw', size: MiB },
  ]);
});

test.afterAll(async () => {
  await a?.destroy();
  await b?.destroy();
});

test('Ctrl-K, type, arrow down, Enter: opens the volume page', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('combobox', { name: 'Search hosts, pools and volumes' });
  // The shortcut is heard once the shell has rendered (generous on a loaded machine).
  await expect(box).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Control+k');
  await expect(box).toBeFocused();
  await page.keyboard.type('PWFIND');
  const results = page.getByTestId('search-result');
  // Both pools' volumes, shortest name first (equal rank): beta then alpha. The pools were
  // made by virsh moments ago: the BFF's poll sees them within seconds (generous bound).
  await expect(results).toHaveCount(2, { timeout: 30_000 });
  await expect(results.nth(0)).toContainText('pwfind-beta.raw');
  await expect(results.nth(1)).toContainText('pwfind-alpha.raw');
  await expect(results.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(results.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(uiPaths.volume(SANDBOX_HOST_ID, a.name, 'pwfind-alpha.raw'));
  await expect(page.getByTestId('volume-name')).toHaveText('pwfind-alpha.raw');
});

test('a hostile name is found by its visible letters and opens its own page', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('combobox', { name: 'Search hosts, pools and volumes' });
  await expect(box).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Control+k');
  await expect(box).toBeFocused();
  await page.keyboard.type("$(x); 'q' evil");
  const results = page.getByTestId('search-result');
  await expect(results).toHaveCount(1, { timeout: 30_000 });
  // <Name>: the exact name stays in the DOM (the override drawn as a glyph, not obeyed).
  await expect(results.first().locator('bdi.name').first()).toHaveText(HOSTILE);
  await results.first().click();
  await expect(page).toHaveURL(uiPaths.volume(SANDBOX_HOST_ID, a.name, HOSTILE));
  await expect(page.getByTestId('volume-name')).toHaveText(HOSTILE);
});

test('dark mode: follows the system, the toggle wins and survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const app = page.locator('.app');
  // Generous: on a loaded machine the first render may take more than the default 5 s.
  await expect(app).toHaveAttribute('data-theme', 'dark', { timeout: 15_000 });
  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(app).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(app).toHaveAttribute('data-theme', 'light', { timeout: 15_000 });
  await toggle.click();
  await expect(app).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(app).toHaveAttribute('data-theme', 'dark', { timeout: 15_000 });
  // The page really is dark: the body behind the shell is painted from the theme.
  const bg = await app.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).toBe('rgb(16, 18, 20)');
});
