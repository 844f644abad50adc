/**
 * Uploads from the browser make NEW volumes named after the file, byte for byte: one big
 * file through the file input (with a live bar), one small file dropped on the drop zone.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sha256File, volInfo, volNames, writeFilled } from '@poolwatch/host-truth';
import { intermediateValues } from '../pages/jobs-panel.js';
import { expect, test } from '../support/fixtures.js';
import { MiB, scratchDir, volumeSha256 } from '../support/host-files.js';
import { findJob, settleJobsOn } from '../support/jobs-api.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

let pool: TestPool;
let scratch: string;

test.beforeAll(async () => {
  pool = await createDirPool(uniqueName('pw-e2e-jobs-upload'), []);
  scratch = await scratchDir('pw-e2e-jobs-upload-files');
});

test.afterEach(async ({ request }) => {
  await settleJobsOn(request, [pool.name]);
});

test.afterAll(async () => {
  await pool?.destroy();
  if (scratch) await fs.rm(scratch, { recursive: true, force: true });
});

test('upload 256 MiB through the file input: live bar, then the exact bytes', async ({
  volumesPage,
  jobsPanel,
  request,
}) => {
  test.setTimeout(90_000);
  const since = Date.now();
  const name = `${uniqueName('upload')}.raw`;
  const file = path.join(scratch, name);
  await writeFilled(file, 256 * MiB, 'random');
  const expected = await sha256File(file);

  await volumesPage.goto(pool.name);
  await jobsPanel.record();
  await volumesPage.uploadNew(file);
  const job = await findJob(request, 'volume.upload', pool.name, name, since);
  await jobsPanel.expectState(job.id, 'succeeded', 60_000);
  const shown = await jobsPanel.shown(job.id);
  console.log(`[upload] shown data-processed: ${intermediateValues(shown).join(', ')}`);
  expect(intermediateValues(shown).length, 'the bar moved while uploading').toBeGreaterThan(0);

  await expect(volumesPage.row(name)).toBeVisible();
  expect(await volNames(pool.name)).toContain(name);
  expect((await volInfo(pool.name, name)).capacity).toBe(256 * MiB);
  expect(await volumeSha256(pool.name, name, scratch)).toBe(expected);
});

test('a small file dropped on the drop zone becomes a volume with the same bytes', async ({
  page,
  volumesPage,
  jobsPanel,
  request,
}) => {
  const since = Date.now();
  const name = `${uniqueName('dropped')}.img`;
  const bytes = randomBytes(3 * MiB + 123);
  const file = path.join(scratch, name);
  await fs.writeFile(file, bytes);

  await volumesPage.goto(pool.name);
  const dataTransfer = await page.evaluateHandle(
    ({ b64, fileName }) => {
      const raw = atob(b64);
      const data = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([data], fileName, { type: 'application/octet-stream' }));
      return dt;
    },
    { b64: bytes.toString('base64'), fileName: name },
  );
  const zone = volumesPage.dropzone;
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });

  const job = await findJob(request, 'volume.upload', pool.name, name, since);
  await jobsPanel.expectState(job.id, 'succeeded', 30_000);
  await expect(volumesPage.row(name)).toBeVisible();
  expect((await volInfo(pool.name, name)).capacity).toBe(bytes.length);
  expect(await volumeSha256(pool.name, name, scratch)).toBe(await sha256File(file));
});
