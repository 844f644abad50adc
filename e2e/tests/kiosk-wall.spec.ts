/**
 * The kiosk's wall-screen options in a real browser against the real host: a host with more
 * pools than one screen holds is split into parts that page (`?cycle=`), nothing is cut or
 * scrolls; `?dim=` dims inside its window; `?failures=` names the failure window.
 */
import { createKioskToken } from '../support/auth.js';
import { SANDBOX_HOST_ID } from '../support/env.js';
import { expect, test } from '../support/fixtures.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

const pools: TestPool[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // Enough pools that the sandbox host cannot fit one short screen.
  for (let i = 0; i < 12; i++) pools.push(await createDirPool(uniqueName(`pw-e2e-wall-${i}`), []));
});

test.afterAll(async () => {
  for (const pool of pools) await pool.destroy();
});

const hhmm = (ms: number) => {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

test('a host taller than the screen pages in parts; dim and failure window apply', async ({
  openKiosk,
  page,
}) => {
  test.setTimeout(90_000);
  const { url } = await createKioskToken(page.request, uniqueName('wall-pages'));
  const kiosk = await openKiosk(url);
  await kiosk.page.setViewportSize({ width: 1280, height: 560 });
  const now = Date.now();
  const dim = `${hhmm(now - 3_600_000)}-${hhmm(now + 3_600_000)}`;
  await kiosk.page.goto(new URL(`/kiosk?cycle=3&failures=6&dim=${dim}`, kiosk.page.url()).href);
  const host = kiosk.host(SANDBOX_HOST_ID);
  await expect(host).toBeVisible({ timeout: 15_000 });
  await expect(host).toHaveAttribute('data-part', /^1\/\d+$/, { timeout: 15_000 });
  const parts = Number((await host.getAttribute('data-part'))!.split('/')[1]);
  expect(parts).toBeGreaterThanOrEqual(2);
  await expect(kiosk.page.getByTestId('kiosk-hosts-page')).toHaveText(/^page \d+ of \d+$/);

  // Every pool row on the page in view sits inside the capacity column: nothing is cut.
  const cut = () =>
    kiosk.page.evaluate(() => {
      const body = document.querySelector('.kiosk__capacity-body')!.getBoundingClientRect();
      return [...document.querySelectorAll<HTMLElement>('[data-testid="kiosk-pool"]')]
        .filter((row) => row.closest('li[aria-hidden="true"]') === null)
        .filter((row) => {
          const r = row.getBoundingClientRect();
          return r.top < body.top - 1 || r.bottom > body.bottom + 1;
        }).length;
    });
  await expect.poll(cut).toBe(0);
  // The later parts come round: part 2 becomes the visible one within a few cycles.
  const second = kiosk.page.locator(
    `[data-testid="kiosk-host-part"][data-host-id="${SANDBOX_HOST_ID}"][data-part="2/${parts}"]`,
  );
  await expect(second).not.toHaveAttribute('aria-hidden', 'true', { timeout: 30_000 });
  await expect.poll(cut).toBe(0);
  const overflow = await kiosk.page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return root.scrollHeight - window.innerHeight;
  });
  expect(overflow).toBeLessThanOrEqual(0);

  await expect(kiosk.root).toHaveAttribute('data-dimmed', 'true');
  const filter = await kiosk.root.evaluate((el) => getComputedStyle(el).filter);
  expect(filter).toContain('brightness');
  await expect(kiosk.page.getByTestId('kiosk-failures-window')).toHaveText('last 6 h');
});
