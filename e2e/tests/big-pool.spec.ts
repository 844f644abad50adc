/**
 * A 10,000-volume pool (issue 12, "Big pools stay fast"): its page lists every volume by name
 * at once, says how many sizes are read so far ("reading sizes 4,000 / 10,000"), and fills
 * them in; the table stays virtualized (a screenful of rows in the DOM, not 10,000).
 */
import { expect, test } from '@playwright/test';
import { VolumesPage } from '../pages/volumes-page.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

const MiB = 1024 * 1024;
const COUNT = 10_000;
const names = Array.from({ length: COUNT }, (_, i) => `big-${String(i).padStart(5, '0')}.raw`);
let pool: TestPool;

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  pool = await createDirPool(
    uniqueName('pw-e2e-big'),
    names.map((name) => ({ name, kind: 'raw' as const, size: MiB })),
    // The first vol-list of 10,000 volumes takes seconds of its own on a loaded machine.
    { listedWithinMs: 90_000 },
  );
});

test.afterAll(async () => {
  await pool?.destroy();
});

test('10,000 volumes: names at once, a count of sizes read, then every size', async ({ page }) => {
  const volumes = new VolumesPage(page);
  await volumes.goto(pool.name);
  const progress = page.getByTestId('volume-sizes-progress');
  // The names come from the poll: every row is listed while sizes are still being read.
  await expect(page.getByTestId('volume-count')).toHaveText('10000 of 10000 volumes', {
    timeout: 30_000,
  });
  await expect(volumes.row(names[0]!)).toBeVisible();
  await expect(progress).toHaveText(/^reading sizes [\d,]+ \/ 10,000$/);
  // Only a screenful of rows is in the DOM (the table is virtualized).
  expect(await page.getByTestId('volume-row').count()).toBeLessThan(200);
  // Then every size is read: the progress goes and the first row shows its exact bytes.
  await expect(progress).toBeHidden({ timeout: 180_000 });
  await expect(volumes.row(names[0]!).getByTestId('volume-capacity')).toHaveAttribute(
    'data-bytes',
    String(MiB),
  );
  // The last row too, once scrolled to.
  await expect
    .poll(async () => {
      await page.locator('.vgrid__scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      return volumes.row(names.at(-1)!).getByTestId('volume-capacity').getAttribute('data-bytes');
    })
    .toBe(String(MiB));
});
