/**
 * Hostile names through every job the UI starts: clone, upload, download, wipe, delete.
 * Afterwards the host holds exactly the expected volumes with the expected bytes, and the
 * victim pool named inside one of the names still runs.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { exists, poolInfo, sha256File, volNames } from '@poolwatch/host-truth';
import { apiPaths } from '@poolwatch/shared';
import type { JobWanted, JobsPanel } from '../pages/jobs-panel.js';
import { csrfHeaders } from '../support/auth.js';
import { SANDBOX_HOST_ID } from '../support/env.js';
import { expect, test } from '../support/fixtures.js';
import { MiB, refreshPool, scratchDir } from '../support/host-files.js';
import { findJob, settleJobsOn } from '../support/jobs-api.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

test.use({ viewport: { width: 1400, height: 1600 } });

let victim: TestPool;
let pool: TestPool;
let scratch: string;
let names: string[];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const contents = new Map<string, Buffer>();
const ZEROS = sha(Buffer.alloc(MiB));

test.beforeAll(async () => {
  victim = await createDirPool(uniqueName('pw-e2e-victim'), []);
  names = [
    `evil; pool-destroy ${victim.name}`,
    'sp ace.img',
    `quo'te".img`,
    '-dash.img',
    'new\nline.img',
  ];
  pool = await createDirPool(uniqueName('pw-e2e-jobs-hostile'), []);
  scratch = await scratchDir('pw-e2e-jobs-hostile-files');
  // Written on the host and picked up by libvirt (a newline cannot be typed in a dialog).
  for (const name of names) {
    const bytes = randomBytes(MiB);
    contents.set(name, bytes);
    await fs.writeFile(pool.file(name), bytes, { flag: 'wx' });
  }
  await refreshPool(pool.name, names.length);
});

test.afterEach(async ({ request }) => {
  await settleJobsOn(request, [pool.name]);
});

test.afterAll(async () => {
  await pool?.destroy();
  await victim?.destroy();
  if (scratch) await fs.rm(scratch, { recursive: true, force: true });
});

/** Waits for the job the UI just started to show `succeeded` in the jobs panel. */
async function expectJobEnds(jobsPanel: JobsPanel, request: APIRequestContext, what: JobWanted) {
  const job = await findJob(request, what.kind, what.pool, what.volume, what.since);
  await jobsPanel.expectState(job.id, 'succeeded');
  return job;
}

const label = (name: string) => JSON.stringify(name);

for (const [i, display] of [
  'evil; pool-destroy <victim>',
  'sp ace.img',
  `quo'te".img`,
  '-dash.img',
  'new\nline.img',
].entries()) {
  test(`clone, download, wipe and delete ${label(display)} from the UI`, async ({
    page,
    volumesPage,
    jobsPanel,
    request,
  }) => {
    test.setTimeout(60_000);
    const name = names[i]!;
    const original = contents.get(name)!;
    // The copy's name is typed; it keeps the hostile part (a newline cannot be typed).
    const copy = `copy of ${name.replace('\n', ' ')}`;
    await volumesPage.goto(pool.name);

    let since = Date.now();
    await volumesPage.clone(name, { name: copy });
    await expectJobEnds(jobsPanel, request, {
      kind: 'volume.clone',
      pool: pool.name,
      volume: copy,
      since,
    });
    expect(await sha256File(pool.file(copy))).toBe(sha(original));

    since = Date.now();
    const downloaded = page.waitForEvent('download');
    await volumesPage.action(copy, 'download');
    const saved = path.join(scratch, `saved-${i}`);
    await (await downloaded).saveAs(saved);
    expect(await sha256File(saved)).toBe(sha(original));
    await expectJobEnds(jobsPanel, request, {
      kind: 'volume.download',
      pool: pool.name,
      volume: copy,
      since,
    });

    since = Date.now();
    await volumesPage.wipe(name, 'zero');
    await expectJobEnds(jobsPanel, request, {
      kind: 'volume.wipe',
      pool: pool.name,
      volume: name,
      since,
    });
    expect(await sha256File(pool.file(name)), 'wiped to zeros').toBe(ZEROS);

    since = Date.now();
    await volumesPage.delete(name);
    await expectJobEnds(jobsPanel, request, {
      kind: 'volume.delete',
      pool: pool.name,
      volume: name,
      since,
    });
    expect(await exists(pool.file(name))).toBe(false);
    const now = await volNames(pool.name);
    expect(now).not.toContain(name);
    expect(now).toContain(copy);
    expect((await poolInfo(victim.name)).state).toBe('running');
  });
}

test('a clone TARGET with a newline (through the API) and hostile uploads', async ({
  volumesPage,
  jobsPanel,
  request,
}) => {
  const source = `copy of sp ace.img`;
  const target = 'clone\nwith newline.img';
  let since = Date.now();
  const res = await request.post(apiPaths.volumeClone(SANDBOX_HOST_ID, pool.name, source), {
    data: { name: target },
    headers: await csrfHeaders(request),
  });
  expect(res.status()).toBe(202);
  await volumesPage.goto(pool.name);
  await expectJobEnds(jobsPanel, request, {
    kind: 'volume.clone',
    pool: pool.name,
    volume: target,
    since,
  });
  expect(await sha256File(pool.file(target))).toBe(sha(contents.get('sp ace.img')!));

  for (const name of [`up; pool-destroy ${victim.name}`, `up quo'te".img`, '-up dash.img']) {
    since = Date.now();
    const buffer = randomBytes(MiB + 7);
    await volumesPage.uploadNew({ name, mimeType: 'application/octet-stream', buffer });
    await expectJobEnds(jobsPanel, request, {
      kind: 'volume.upload',
      pool: pool.name,
      volume: name,
      since,
    });
    expect(await sha256File(pool.file(name)), label(name)).toBe(sha(buffer));
  }

  // Exactly what the UI was asked to make, nothing else.
  expect((await volNames(pool.name)).sort()).toEqual(
    [
      ...names.map((n) => `copy of ${n.replace('\n', ' ')}`),
      target,
      `up; pool-destroy ${victim.name}`,
      `up quo'te".img`,
      '-up dash.img',
    ].sort(),
  );
  expect((await poolInfo(victim.name)).state).toBe('running');
});
