/**
 * Cancel from the job row really stops the work on the host: soon after the click (a
 * generous 15 s bound) nothing has the target open and no dd/qemu-img/scrub works on it; a
 * cancelled clone or upload leaves no partial volume, a cancelled wipe leaves the volume.
 * How soon is a latency: bench/latency.bench.ts measures and prints it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { APIRequestContext } from '@playwright/test';
import {
  HolderWatch,
  exists,
  volInfo,
  volNames,
  writeAllocated,
  writeFilled,
} from '@poolwatch/host-truth';
import type { JobKind } from '@poolwatch/shared';
import type { JobsPanel } from '../pages/jobs-panel.js';
import type { VolumesPage } from '../pages/volumes-page.js';
import { expect, test } from '../support/fixtures.js';
import { GiB, refreshPool } from '../support/host-files.js';
import { findJob, getJob, settleJobsOn } from '../support/jobs-api.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

const execFileP = promisify(execFile);
const BIG = 3 * GiB;
const BIG_NAME = 'big-3g.raw';
const WIPE_NAME = 'wipe-me.raw';
const WIPE_SIZE = 4 * GiB;
/** Generous: a loaded machine must not fail a correct cancel (the figure is bench's). */
const QUIET_BOUND_MS = 15_000;

let src: TestPool;
let dst: TestPool;

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
  await dst?.destroy();
  await src?.destroy();
});

/**
 * Waits for real progress, clicks Cancel in the job row, and waits for a pass over /proc,
 * begun after the click, that finds nothing holding the file; the job ends cancelled with
 * fewer bytes moved than its total.
 */
async function cancelMidway(
  jobsPanel: JobsPanel,
  request: APIRequestContext,
  watch: HolderWatch,
  what: { kind: JobKind; pool: string; volume: string; since: number; label: string },
): Promise<void> {
  const job = await findJob(request, what.kind, what.pool, what.volume, what.since);
  // Real progress first, read from the API: on a loaded machine the browser can lag the
  // host by seconds, and a 3 GiB copy may be over by the time the bar shows it.
  let seen = job;
  await expect
    .poll(async () => (seen = await getJob(request, job.id)).progress.dataProcessed ?? 0, {
      timeout: 30_000,
      intervals: [20],
      message: 'progress',
    })
    .toBeGreaterThan(0);
  expect(seen.progress.dataProcessed, 'still midway').toBeLessThan(seen.progress.dataTotal ?? 0);
  const busy = await watch.until((passes) => (passes.at(-1)?.h.length ?? 0) > 0, 10_000);
  expect(busy, 'the work is visible on the host before the cancel').toBe(true);
  const clickedAt = Date.now();
  await jobsPanel.cancel(job.id);
  const result = await watch.quietAfter(clickedAt, QUIET_BOUND_MS);
  console.log(
    `[cancel] ${what.label}: host quiet after the click: ${result.ms >= 0} ` +
      `(timeline: ${result.timeline.join(' | ')})`,
  );
  expect(result.ms, `host quiet within ${QUIET_BOUND_MS} ms of the click`).toBeGreaterThanOrEqual(
    0,
  );
  await jobsPanel.expectState(job.id, 'cancelled', QUIET_BOUND_MS);
  const final = await getJob(request, job.id);
  expect(final.progress.dataProcessed ?? 0, 'cancelled midway').toBeLessThan(
    final.progress.dataTotal ?? 0,
  );
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

async function startClone(volumesPage: VolumesPage, target: string, format: 'raw' | 'qcow2') {
  await volumesPage.goto(src.name);
  await volumesPage.clone(BIG_NAME, { name: target, pool: dst.name, format });
}

async function expectGone(pool: TestPool, name: string) {
  expect(await volNames(pool.name), 'partial target in vol-list').not.toContain(name);
  expect(await exists(pool.file(name)), 'partial target on disk').toBe(false);
}

for (const format of ['raw', 'qcow2'] as const) {
  test(`cancel a raw→${format} clone of 3 GiB`, async ({ volumesPage, jobsPanel, request }) => {
    const since = Date.now();
    const target = `${uniqueName('cancelled')}.${format}`;
    await watching(dst.file(target), async (watch) => {
      await startClone(volumesPage, target, format);
      await cancelMidway(jobsPanel, request, watch, {
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

test('cancel an upload of 3 GiB from the browser', async ({ volumesPage, jobsPanel, request }) => {
  test.setTimeout(90_000);
  const since = Date.now();
  await volumesPage.goto(dst.name);
  await watching(dst.file(BIG_NAME), async (watch) => {
    // The file input uploads a NEW volume named after the file: the 3 GiB source, into dst.
    await volumesPage.uploadNew(src.file(BIG_NAME));
    await cancelMidway(jobsPanel, request, watch, {
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
  test(`cancel a ${algorithm} wipe of a fully allocated raw volume`, async ({
    volumesPage,
    jobsPanel,
    request,
  }) => {
    test.setTimeout(90_000);
    const since = Date.now();
    await volumesPage.goto(src.name);
    await watching(src.file(WIPE_NAME), async (watch) => {
      await volumesPage.wipe(WIPE_NAME, algorithm);
      await cancelMidway(jobsPanel, request, watch, {
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
