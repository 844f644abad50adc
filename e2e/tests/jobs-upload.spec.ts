/**
 * Uploads from the browser make NEW volumes, byte for byte, after a dialog asks their name
 * and format (defaults from the file): one big file through the file input (with a live
 * bar), one small file dropped on the drop zone and renamed, one qcow2 image.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sha256File, volInfo, volNames, writeFilled } from '@poolwatch/host-truth';
import { intermediateValues } from '../pages/jobs-panel.js';
import { expect, test } from '../support/fixtures.js';
import { MiB, scratchDir, volumeSha256 } from '../support/host-files.js';
import { findJob, getJob, settleJobsOn } from '../support/jobs-api.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';

const execFileAsync = promisify(execFile);
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
  // The dialog asks first: the file's name, raw for a .raw file.
  await volumesPage.pickUpload(file);
  await expect(volumesPage.uploadDialog.getByLabel('Volume name')).toHaveValue(name);
  await expect(volumesPage.uploadDialog.getByLabel('Format')).toHaveValue('raw');
  await volumesPage.confirm();
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

test('a small file dropped on the drop zone becomes a volume of the name given in the dialog', async ({
  page,
  volumesPage,
  jobsPanel,
  request,
}) => {
  const since = Date.now();
  const dropped = `${uniqueName('dropped')}.img`;
  const name = `${uniqueName('renamed')} disk`;
  const bytes = randomBytes(3 * MiB + 123);
  const file = path.join(scratch, dropped);
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
    { b64: bytes.toString('base64'), fileName: dropped },
  );
  const zone = volumesPage.dropzone;
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  // Nothing is uploaded before the dialog is confirmed.
  const dialog = volumesPage.uploadDialog;
  await expect(dialog.getByLabel('Volume name')).toHaveValue(dropped);
  await expect(dialog.getByLabel('Format')).toHaveValue('raw');
  expect(await volNames(pool.name)).not.toContain(dropped);
  await dialog.getByLabel('Volume name').fill(name);
  await volumesPage.confirm();

  const job = await findJob(request, 'volume.upload', pool.name, name, since);
  await jobsPanel.expectState(job.id, 'succeeded', 30_000);
  await expect(volumesPage.row(name)).toBeVisible();
  expect((await volInfo(pool.name, name)).capacity).toBe(bytes.length);
  expect(await volumeSha256(pool.name, name, scratch)).toBe(await sha256File(file));
});

test('a .qcow2 file is uploaded as qcow2 by default: libvirt reads it as a qcow2 image', async ({
  volumesPage,
  jobsPanel,
  request,
}) => {
  const since = Date.now();
  const name = `${uniqueName('image')}.qcow2`;
  const file = path.join(scratch, name);
  // A real qcow2 image of 64 MiB virtual size (its file is a few hundred KiB).
  await execFileAsync('qemu-img', ['create', '-q', '-f', 'qcow2', '--', file, '64M']);
  await volumesPage.goto(pool.name);
  await volumesPage.pickUpload(file);
  await expect(volumesPage.uploadDialog.getByLabel('Format')).toHaveValue('qcow2');
  await volumesPage.confirm();
  const job = await findJob(request, 'volume.upload', pool.name, name, since);
  await jobsPanel.expectState(job.id, 'succeeded', 30_000);
  expect((await getJob(request, job.id)).params).toMatchObject({ format: 'qcow2' });
  const info = await volInfo(pool.name, name);
  expect(info.capacity, 'libvirt sees the image’s virtual size').toBe(64 * MiB);
  expect(await volumeSha256(pool.name, name, scratch)).toBe(await sha256File(file));
});
