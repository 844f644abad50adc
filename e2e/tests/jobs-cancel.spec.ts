/**
 * Cancel from the job row really stops the work on the host: within 1 s nothing has the
 * target open and no dd/qemu-img/scrub works on it; a cancelled clone or upload leaves no
 * partial volume, a cancelled wipe leaves the volume.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { JobKind } from '@poolwatch/shared';
import { SANDBOX_HOST_ID } from '../support/env.js';
import {
  GiB,
  HolderWatch,
  exists,
  findJob,
  jobRow,
  processedOf,
  refreshPool,
  settleJobsOn,
  volumeAction,
  writeAllocated,
  writeFilled,
} from '../support/jobs.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { uiPaths } from '../support/ui.js';
import { volInfo, volNames } from '../support/virsh.js';

const execFileP = promisify(execFile);
const BIG = 3 * GiB;
const BIG_NAME = 'big-3g.raw';
const WIPE_NAME = 'wipe-me.raw';
const WIPE_SIZE = 4 * GiB;
const QUIET_MS = 1000;

let src: TestPool;
let dst: TestPool;
const quiet: Record<string, number> = {};

test.beforeAll(async () => {
  test.setTimeout(120_000);
  src = await createDirPool(uniqueName('pw-e2e-jobs-cancel-src'), []);
  dst = await createDirPool(uniqueName('pw-e2e-jobs-cancel-dst'), []);
  // Non-zero everywhere, so neither dd (sparse) nor qemu-img (holes) can skip any of it.
  await writeFilled(src.file(BIG_NAME), BIG, 'yes');
  await writeAllocated(src.file(WIPE_NAME), WIPE_SIZE);
  // Flush now: 3 GiB of dirty pages written back during a test would slow everything down.
  await execFileP('sync', []);
  await refreshPool(src.name, 2);
});

test.afterEach(async ({ request }) => {
  await settleJobsOn(request, [src.name, dst.name]);
});

test.afterAll(async () => {
  console.log(`[cancel] cancel-to-quiet ms: ${JSON.stringify(quiet)}`);
  await dst?.destroy();
  await src?.destroy();
});

/**
 * Waits for real progress, clicks Cancel in the job row, and times from the click (as the
 * browser got it) until a pass over /proc finds nothing holding the file.
 */
async function cancelMidway(
  page: Page,
  request: APIRequestContext,
  watch: HolderWatch,
  what: { kind: JobKind; pool: string; volume: string; since: number; label: string },
): Promise<void> {
  const job = await findJob(request, what.kind, what.pool, what.volume, what.since);
  const row = jobRow(page, job.id);
  await expect
    .poll(() => processedOf(row), { timeout: 30_000, intervals: [20], message: 'progress' })
    .toBeGreaterThan(0);
  expect(await processedOf(row), 'still midway').toBeLessThan(
    Number(await row.getByTestId('job-progress').getAttribute('data-total')),
  );
  const busy = await watch.until((passes) => (passes.at(-1)?.h.length ?? 0) > 0, 10_000);
  expect(busy, 'the work is visible on the host before the cancel').toBe(true);
  // When the browser got the click: Date.now(), the same wall clock as the host's.
  await page.evaluate(() => {
    const w = window as unknown as { __pwClickAt?: number };
    document.addEventListener('click', () => (w.__pwClickAt = Date.now()), {
      capture: true,
      once: true,
    });
  });
  await row.getByTestId('job-cancel').click();
  const clickedAt = await page.evaluate(
    () => (window as unknown as { __pwClickAt?: number }).__pwClickAt ?? NaN,
  );
  const result = await watch.quietAfter(clickedAt);
  quiet[what.label] = result.ms;
  console.log(
    `[cancel] ${what.label}: quiet ${result.ms} ms after the click (last busy pass began at ` +
      `${result.lastBusyMs} ms): ${result.timeline.join(' | ')}`,
  );
  expect(result.ms, `host quiet within ${QUIET_MS} ms of the click`).toBeGreaterThanOrEqual(0);
  expect(result.ms, `host quiet within ${QUIET_MS} ms of the click`).toBeLessThanOrEqual(QUIET_MS);
  await expect(row).toHaveAttribute('data-job-state', 'cancelled', { timeout: 10_000 });
}

/** Runs `body` with a HolderWatch on `file` started first (so no early pass is missed). */
async function watching(file: string, body: (watch: HolderWatch) => Promise<void>) {
  const watch = new HolderWatch(file);
  await watch.start();
  try {
    await body(watch);
  } catch (error) {
    console.log(
      `[cancel] holders of ${file}: ${(await watch.quietAfter(watch.passes[0]?.s ?? 0, 0)).timeline.join(' | ')}`,
    );
    throw error;
  } finally {
    await watch.stop();
  }
}

async function startClone(page: Page, target: string, format: 'raw' | 'qcow2') {
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, src.name));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  await volumeAction(page, BIG_NAME, 'clone');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(target);
  await dialog.getByLabel('Target pool').selectOption(dst.name);
  await dialog.getByLabel('Format').selectOption(format);
  await dialog.getByTestId('dialog-confirm').click();
  await expect(dialog).toBeHidden();
}

async function expectGone(pool: TestPool, name: string) {
  expect(await volNames(pool.name), 'partial target in vol-list').not.toContain(name);
  expect(await exists(pool.file(name)), 'partial target on disk').toBe(false);
}

for (const format of ['raw', 'qcow2'] as const) {
  test(`cancel a raw→${format} clone of 3 GiB`, async ({ page, request }) => {
    const since = Date.now();
    const target = `${uniqueName('cancelled')}.${format}`;
    await watching(dst.file(target), async (watch) => {
      await startClone(page, target, format);
      await cancelMidway(page, request, watch, {
        kind: 'volume.clone',
        pool: dst.name,
        volume: target,
        since,
        label: `clone raw→${format}`,
      });
    });
    await expectGone(dst, target);
  });
}

test('cancel an upload of 3 GiB from the browser', async ({ page, request }) => {
  test.setTimeout(90_000);
  const since = Date.now();
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, dst.name));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  await watching(dst.file(BIG_NAME), async (watch) => {
    // The file input uploads a NEW volume named after the file: the 3 GiB source, into dst.
    await page.getByTestId('upload-file-input').setInputFiles(src.file(BIG_NAME));
    await cancelMidway(page, request, watch, {
      kind: 'volume.upload',
      pool: dst.name,
      volume: BIG_NAME,
      since,
      label: 'upload',
    });
  });
  await expectGone(dst, BIG_NAME);
});

for (const algorithm of ['zero', 'nnsa'] as const) {
  test(`cancel a ${algorithm} wipe of a fully allocated raw volume`, async ({ page, request }) => {
    test.setTimeout(90_000);
    const since = Date.now();
    await page.goto(uiPaths.pool(SANDBOX_HOST_ID, src.name));
    await expect(page.getByTestId('live-status')).toHaveText('live');
    await watching(src.file(WIPE_NAME), async (watch) => {
      await volumeAction(page, WIPE_NAME, 'wipe');
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Algorithm').selectOption(algorithm);
      await dialog.getByLabel(/I understand/).check();
      await dialog.getByTestId('dialog-confirm').click();
      await expect(dialog).toBeHidden();
      await cancelMidway(page, request, watch, {
        kind: 'volume.wipe',
        pool: src.name,
        volume: WIPE_NAME,
        since,
        label: `wipe ${algorithm}`,
      });
    });
    // A wipe never removes the volume it was asked to wipe.
    expect(await volNames(src.name)).toContain(WIPE_NAME);
    expect((await volInfo(src.name, WIPE_NAME)).capacity).toBe(WIPE_SIZE);
    expect(await exists(src.file(WIPE_NAME))).toBe(true);
  });
}
