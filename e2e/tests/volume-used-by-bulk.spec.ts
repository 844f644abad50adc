/**
 * Used-by with links (an overlay and its backing store link to each other's pages, the
 * delete dialog names the overlay) and the bulk actions: select rows, one confirmation
 * listing them, one delete job each; a selection holding a used volume says so and asks
 * for more than a click. Ground truth: virsh's volume list and the jobs the BFF recorded.
 */
import { expect, test } from '../support/fixtures.js';
import { listJobs, waitJobEnd } from '../support/jobs-api.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { volNames } from '../support/virsh.js';

const MiB = 1024 * 1024;
const bulk = ['bulk-1.raw', 'bulk 2;$x.raw', '-bulk-3.raw'];
let pool: TestPool;

test.beforeAll(async () => {
  pool = await createDirPool(uniqueName('pw-e2e-usedby'), [
    { name: 'base.qcow2', kind: 'qcow2', size: 16 * MiB },
    { name: 'overlay.qcow2', kind: 'qcow2', size: 16 * MiB, backing: 'base.qcow2' },
    { name: 'keep.raw', kind: 'raw', size: MiB },
    ...bulk.map((name) => ({ name, kind: 'raw' as const, size: MiB })),
  ]);
});

test.afterAll(async () => {
  await pool?.destroy();
});

test('used-by: badge, backing store link, users linked on the detail page, named in delete', async ({
  page,
  volumesPage,
}) => {
  await volumesPage.goto(pool.name);
  await expect(volumesPage.row('base.qcow2').getByTestId('used-by-badge')).toHaveText(
    'in use: 1 overlay',
  );
  await expect(volumesPage.row('keep.raw').getByTestId('used-by-badge')).toHaveCount(0);

  // The overlay's backing store is a link to the base volume's page ...
  const backing = volumesPage.row('overlay.qcow2').getByTestId('backing-store-link');
  await expect(backing).toHaveText(pool.file('base.qcow2'));
  await backing.click();
  await expect(page.getByTestId('volume-name')).toHaveText('base.qcow2');
  // ... which lists the overlay, linked back.
  const user = page.getByTestId('volume-users').getByTestId('used-by-link');
  await expect(user).toHaveText('overlay.qcow2');
  await user.click();
  await expect(page.getByTestId('volume-name')).toHaveText('overlay.qcow2');

  await volumesPage.goto(pool.name);
  await volumesPage.action('base.qcow2', 'delete');
  await expect(volumesPage.dialog.getByTestId('in-use-notice')).toContainText('overlay.qcow2');
  await volumesPage.dialog.getByTestId('dialog-cancel').click();
  await expect(volumesPage.dialog).toBeHidden();
});

test('bulk: a used volume in the selection is named and guarded; bulk delete starts one job each', async ({
  page,
  request,
  volumesPage,
}) => {
  const since = Date.now();
  await volumesPage.goto(pool.name);
  const select = (name: string) => volumesPage.row(name).getByTestId('volume-select').check();

  // A selection with the base volume: the dialog names its overlay and wants the count typed.
  await select('base.qcow2');
  await select('keep.raw');
  await expect(page.getByTestId('bulk-count')).toHaveText('2 selected');
  await page.getByRole('button', { name: 'Wipe selected…' }).click();
  const dialog = page.getByTestId('bulk-volume-dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Wipe 2 volumes?');
  await expect(dialog.getByTestId('bulk-in-use')).toContainText('overlay.qcow2');
  await dialog.getByRole('checkbox').check();
  await expect(dialog.getByTestId('dialog-confirm')).toBeDisabled();
  await dialog.getByTestId('dialog-cancel').click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(page.getByTestId('bulk-toolbar')).toHaveCount(0);

  for (const name of bulk) await select(name);
  await expect(page.getByTestId('bulk-count')).toHaveText('3 selected');
  await page.getByRole('button', { name: 'Delete selected…' }).click();
  await expect(dialog.getByRole('heading')).toHaveText('Delete 3 volumes?');
  const listed = dialog.getByTestId('bulk-volumes').locator('> li');
  await expect(listed).toHaveCount(3);
  expect((await listed.evaluateAll((els) => els.map((e) => e.dataset.volumeName))).sort()).toEqual(
    [...bulk].sort(),
  );
  await expect(dialog.getByTestId('bulk-in-use')).toHaveCount(0);
  await dialog.getByRole('checkbox').check();
  await dialog.getByTestId('dialog-confirm').click();
  // Generous: each request is checked against the live host before its job exists.
  await expect(dialog).toBeHidden({ timeout: 15_000 });

  const jobs = (await listJobs(request)).filter(
    (j) =>
      j.kind === 'volume.delete' && j.target.pool === pool.name && Date.parse(j.createdAt) >= since,
  );
  expect(jobs.map((j) => j.target.volume).sort()).toEqual([...bulk].sort());
  for (const job of jobs) expect((await waitJobEnd(request, job.id)).state).toBe('succeeded');
  await expect
    .poll(async () => (await volNames(pool.name)).sort(), { timeout: 15_000 })
    .toEqual(['base.qcow2', 'keep.raw', 'overlay.qcow2']);
  for (const name of bulk) await expect(volumesPage.row(name)).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('bulk-toolbar')).toHaveCount(0);
});
