/**
 * The jobs page and the job page, on real jobs: 56 quick creates and deletes seed a pool's
 * history (more than one page of 50); the page filters and pages through it; a real 1 GiB
 * clone's job page shows typed params, who started it, its timeline and the rate chart; the
 * jobs panel links there.
 */
import { routes } from '@poolwatch/shared';
import { csrfHeaders } from '../support/auth.js';
import { api } from '../support/api.js';
import { expect as baseExpect, test } from '../support/fixtures.js';
import { randomGiBSource } from '../support/host-files.js';
import { waitJobEnd } from '../support/jobs-api.js';
import { SANDBOX_HOST_ID } from '../support/env.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

// Generous: the page lists real history on a shared machine (outcomes, not timings).
const expect = baseExpect.configure({ timeout: 30_000 });
const H = SANDBOX_HOST_ID;
const CREATES = 28; // each also deleted: 56 jobs on the pool
let pool: TestPool;

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  pool = await createDirPool(uniqueName('pw-e2e-jobs-page'), []);
  const headers = await csrfHeaders(request);
  for (let i = 0; i < CREATES; i += 1) {
    const name = `seed ${i}.raw`;
    const created = await api(
      request,
      routes.volumeCreate,
      { params: { hostId: H, pool: pool.name }, body: { name, capacity: 1024 * 1024 } },
      { headers },
    );
    expect((await waitJobEnd(request, created.id)).state).toBe('succeeded');
    const deleted = await api(
      request,
      routes.volumeDelete,
      { params: { hostId: H, pool: pool.name, volume: name } },
      { headers },
    );
    expect((await waitJobEnd(request, deleted.id)).state).toBe('succeeded');
  }
});

test.afterAll(async () => {
  await pool?.destroy();
});

test('jobs page: filters in the URL, 50 per page, the next page by the cursor', async ({
  page,
}) => {
  await page.goto(`/jobs?${new URLSearchParams({ pool: pool.name })}`);
  const rows = page.getByTestId('jobs-table-row');
  await expect(rows).toHaveCount(50);
  await page.getByTestId('jobs-next').click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows).toHaveCount(2 * CREATES - 50);
  await expect(page.getByTestId('jobs-next')).toBeDisabled();

  await page.getByTestId('filter-kind').selectOption('volume.delete');
  await expect(page).toHaveURL(/kind=volume.delete/);
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(rows).toHaveCount(CREATES);
  await expect(rows.first()).toContainText('Delete');
  await expect(rows.first()).toContainText('admin');

  await page.getByTestId('filter-user').fill('nobody');
  await page.getByTestId('filter-user').press('Enter');
  await expect(rows).toHaveCount(0);

  // The URL alone restores the view.
  await page.goto(`/jobs?${new URLSearchParams({ pool: pool.name, kind: 'volume.create' })}`);
  await expect(rows).toHaveCount(CREATES);
  const href = await page.getByTestId('jobs-export').getAttribute('href');
  expect(href).toContain('/api/jobs.csv?');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).split('\r\n').filter((l) => l !== '');
  expect(lines).toHaveLength(CREATES + 1);
});

test('a real clone: the panel links to its page with params, who, timeline and rate chart', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const source = await randomGiBSource(pool);
  const target = 'copy of 1g.raw';
  const headers = await csrfHeaders(request);
  await page.goto('/');
  const job = await api(
    request,
    routes.volumeClone,
    {
      params: { hostId: H, pool: source.pool, volume: source.volume },
      body: { name: target, targetPool: pool.name },
    },
    { headers },
  );
  expect((await waitJobEnd(request, job.id, 120_000)).state).toBe('succeeded');

  const row = page.locator(`[data-testid="job-row"][data-job-id="${job.id}"]`);
  await expect(row.getByTestId('job-who')).toContainText('by admin');
  await expect(row.getByTestId('job-source')).toContainText("copying with Poolwatch's mover");
  await row.getByTestId('job-link').click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${job.id}$`));

  await expect(page.getByTestId('job-page-state')).toHaveText('succeeded');
  const params = page.getByTestId('job-page-params');
  await expect(params.locator('[data-param="name"] dd')).toHaveText(target);
  await expect(page.getByText('Started by')).toBeVisible();
  const timeline = page.getByTestId('job-timeline');
  await expect(timeline.locator('[data-event="queued"]')).toContainText('queued by admin');
  await expect(timeline.locator('[data-event="started"]')).toHaveCount(1);
  await expect(timeline.locator('[data-event="ended"]')).toContainText('succeeded');
  await expect(page.getByTestId('job-rate-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('job-rate-summary')).toContainText('samples; mean');
  await page.getByTestId('job-target-link').click();
  await expect(page).toHaveURL(/\/volumes\/copy%20of%201g\.raw$/);
});
