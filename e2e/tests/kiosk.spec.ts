/**
 * The kiosk wall view: opened with a token, it watches (live job progress, stale badge
 * when the server goes away, recovery without reload) and is signed out when an admin
 * revokes its token (within a generous 15 s; bench/latency.bench.ts measures how fast).
 */
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { JobSchema, apiPaths } from '@poolwatch/shared';
import { createKioskToken, csrfHeaders, revokeKioskToken, signInAdmin } from '../support/auth.js';
import { KIOSK_SCREENSHOT_PATH, OWN_BFF_PORT, SANDBOX_HOST_ID } from '../support/env.js';
import { expect, test } from '../support/fixtures.js';
import { OwnBff } from '../support/own-bff.js';
import { createDirPool, uniqueName, untilBffLists, type TestPool } from '../support/pools.js';
import { markPage, pageWasKept } from '../support/ui.js';

const GiB = 1024 ** 3;

/** Real (non-zero) bytes so neither dd nor qemu-img can skip them: progress takes time. */
async function writeDataFile(file: string, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024 * 1024, 0x5a);
  const fh = await open(file, 'wx');
  try {
    for (let at = 0; at < bytes; at += chunk.length) await fh.write(chunk, 0, chunk.length, at);
  } finally {
    await fh.close();
  }
}

test.describe('kiosk on the main BFF', () => {
  let pool: TestPool;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    pool = await createDirPool(uniqueName('pw-e2e-kiosk'), []);
    // Large enough that qemu-img is still converting while the kiosk is watched, idle or not.
    await writeDataFile(path.join(pool.dir, 'golden.raw'), 6 * GiB);
    const { virsh } = await import('../support/virsh.js');
    await virsh('pool-refresh', '--', pool.name);
    await untilBffLists(pool.name, 1);
  });

  test.afterAll(async () => {
    await pool?.destroy();
  });

  test('shows a clone started by an admin, live, with its progress advancing', async ({
    openKiosk,
    page,
  }) => {
    test.setTimeout(120_000);
    const { url } = await createKioskToken(page.request, uniqueName('wall'));
    const kiosk = await openKiosk(url);
    await expect(kiosk.host().first()).toBeVisible();
    await expect(kiosk.host(SANDBOX_HOST_ID)).toBeVisible();

    // The admin's browser starts the clone (its own session, its CSRF token).
    const res = await page.request.post(
      apiPaths.volumeClone(SANDBOX_HOST_ID, pool.name, 'golden.raw'),
      { data: { name: 'copy.qcow2', format: 'qcow2' }, headers: await csrfHeaders(page.request) },
    );
    expect(res.status(), await res.text()).toBe(202);
    const job = JobSchema.parse(await res.json());

    const row = kiosk.job(job.id);
    await expect(row).toBeVisible({ timeout: 15_000 });
    const bar = kiosk.jobProgress(job.id);
    const seen: number[] = [];
    let shot = false;
    await expect
      .poll(
        async () => {
          // The kiosk lists running jobs only: a finished job leaves the list.
          if ((await row.count()) === 0) return 'gone';
          const value = Number(
            (await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null)) ?? NaN,
          );
          if (Number.isFinite(value)) seen.push(value);
          if (!shot && value > 0 && value < 100) {
            await mkdir(path.dirname(KIOSK_SCREENSHOT_PATH), { recursive: true });
            await kiosk.page.screenshot({ path: KIOSK_SCREENSHOT_PATH });
            shot = true;
          }
          return (
            (await row.getAttribute('data-job-state', { timeout: 1000 }).catch(() => 'gone')) ??
            'gone'
          );
        },
        { timeout: 90_000, intervals: [100] },
      )
      .not.toMatch(/^(queued|running)$/);
    const moving = seen.filter((v) => v > 0 && v < 100);
    expect(moving.length, `progress values seen: ${seen.join(',')}`).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeGreaterThan(Math.min(...seen));
    if (!shot) await kiosk.page.screenshot({ path: KIOSK_SCREENSHOT_PATH });
  });

  test('fits a wall: no scrollbars, body text ≥ 24 px, no controls', async ({
    openKiosk,
    page,
  }) => {
    const token = await createKioskToken(page.request, uniqueName('wall-fit'));
    const kiosk = await openKiosk(token.url);
    for (const [width, height] of [
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      await kiosk.page.setViewportSize({ width, height });
      await expect(kiosk.pools().first()).toBeVisible();
      const measure = () =>
        kiosk.page.evaluate(() => {
          const root = document.scrollingElement ?? document.documentElement;
          const body = getComputedStyle(document.querySelector('[data-testid="kiosk"]')!);
          return {
            overflow: Math.max(
              root.scrollWidth - window.innerWidth,
              root.scrollHeight - window.innerHeight,
            ),
            fontPx: parseFloat(body.fontSize),
            controls: document.querySelectorAll('button, input, select, textarea, a[href]').length,
          };
        });
      // The fit-to-screen layout settles after a resize: poll rather than sleep.
      await expect
        .poll(async () => (await measure()).overflow, {
          message: `scrollbars at ${width}x${height}`,
        })
        .toBeLessThanOrEqual(0);
      const layout = await measure();
      // ≥ 24 px at 1920x1080 (readable from 3 m); never smaller on a bigger wall.
      expect(layout.fontPx, `body text at ${width}x${height}`).toBeGreaterThanOrEqual(24);
      expect(layout.controls, 'a wall screen has nothing to click').toBe(0);
    }
  });

  test('revoking the token signs the kiosk out', async ({ openKiosk, page }) => {
    const token = await createKioskToken(page.request, uniqueName('wall'));
    const kiosk = await openKiosk(token.url);
    await revokeKioskToken(page.request, token.id);
    await expect(kiosk.signedOut).toBeVisible({ timeout: 15_000 });
  });
});

test.describe('kiosk and a BFF that goes away', () => {
  const bff = new OwnBff(OWN_BFF_PORT);

  test.beforeAll(async () => {
    await bff.start();
  });

  test.afterAll(async () => {
    await bff.stop();
  });

  test('shows the stale badge while the server is gone and recovers without reload', async ({
    openKiosk,
    playwright,
  }) => {
    const admin = await playwright.request.newContext();
    await signInAdmin(admin, bff.url);
    const { url } = await createKioskToken(admin, uniqueName('wall'), bff.url);
    await admin.dispose();
    const kiosk = await openKiosk(url);
    await expect(kiosk.stale).toBeHidden();
    await markPage(kiosk.page);

    await bff.stop();
    await expect(kiosk.stale).toBeVisible({ timeout: 15_000 });
    await bff.start();
    await expect(kiosk.stale).toBeHidden({ timeout: 20_000 });
    await expect(kiosk.root).toBeVisible();
    expect(await pageWasKept(kiosk.page)).toBe(true);
  });
});
