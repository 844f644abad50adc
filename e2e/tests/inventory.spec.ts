/**
 * What the UI and the API show equals what virsh says, byte for byte.
 */
import { expect, test } from '@playwright/test';
import type { Pool } from '@poolwatch/shared';
import { getPool, getPools, getVolume, getVolumes } from '../support/bff.js';
import { SANDBOX_HOST_ID } from '../support/env.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { attrValues, bytesOf, poolRow, uiPaths, volumeRow } from '../support/ui.js';
import {
  poolInfo,
  stableXml,
  virsh,
  volInfo,
  volNames,
  volTruth,
  type VolumeTruth,
} from '../support/virsh.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

let pool: TestPool;
let truth: VolumeTruth[];

test.beforeAll(async () => {
  pool = await createDirPool(uniqueName('pw-e2e-inv'), [
    { name: 'base.qcow2', kind: 'qcow2', size: 2 * GiB, dataBytes: 3 * MiB },
    { name: 'overlay.qcow2', kind: 'qcow2', size: 2 * GiB, backing: 'base.qcow2' },
    { name: 'blank.qcow2', kind: 'qcow2', size: 512 * MiB },
    { name: 'sparse.raw', kind: 'raw', size: 10 * GiB },
    { name: 'filled.raw', kind: 'raw', size: 8 * MiB, dataBytes: 5 * MiB + 12345 },
    { name: 'tiny.img', kind: 'raw', size: 4097 },
  ]);
  const names = await volNames(pool.name);
  truth = await Promise.all(names.map((n) => volTruth(pool.name, n)));
});

test.afterAll(async () => {
  await pool?.destroy();
});

interface PoolBytes {
  capacity: number | null;
  allocation: number | null;
  available: number | null;
}
const pick = (p: PoolBytes): PoolBytes => ({
  capacity: p.capacity,
  allocation: p.allocation,
  available: p.available,
});

/**
 * A dir pool's numbers are those of its file system, which other processes write to, and
 * libvirt re-reads them on each refresh. So `read` runs between two virsh reads, and the
 * comparison counts only when virsh did not move meanwhile. A wrong value never agrees.
 */
async function agreesWithPoolInfo(read: () => Promise<PoolBytes>): Promise<string> {
  const before = pick(await poolInfo(pool.name));
  const shown = pick(await read());
  const after = pick(await poolInfo(pool.name));
  if (JSON.stringify(before) !== JSON.stringify(after)) return 'virsh moved during the read';
  return JSON.stringify(shown) === JSON.stringify(after)
    ? 'equal'
    : `shown ${JSON.stringify(shown)} != virsh ${JSON.stringify(after)}`;
}

test('pool row shows the byte counts of virsh pool-info --bytes', async ({ page }) => {
  await page.goto(uiPaths.host(SANDBOX_HOST_ID));
  const row = poolRow(page, pool.name);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-pool-name', pool.name);
  await expect(row.getByTestId('pool-state')).toHaveText(/running/i);
  await expect
    .poll(
      () =>
        agreesWithPoolInfo(async () => {
          await page.reload();
          await expect(row).toBeVisible();
          return {
            capacity: await bytesOf(row, 'pool-capacity'),
            allocation: await bytesOf(row, 'pool-allocation'),
            available: await bytesOf(row, 'pool-available'),
          };
        }),
      { timeout: 20_000, message: 'pool row data-bytes vs virsh pool-info --bytes' },
    )
    .toBe('equal');
});

test('API pools list and pool detail equal virsh', async ({ request }) => {
  const find = async (): Promise<Pool> => {
    const found = (await getPools(request)).find((p) => p.name === pool.name);
    expect(found, `${pool.name} in GET pools`).toBeDefined();
    return found!;
  };
  await expect.poll(() => agreesWithPoolInfo(find), { timeout: 20_000 }).toBe('equal');
  await expect
    .poll(() => agreesWithPoolInfo(() => getPool(request, pool.name)), { timeout: 20_000 })
    .toBe('equal');

  const info = await poolInfo(pool.name);
  const xml = await virsh('pool-dumpxml', '--pool', pool.name);
  const listed = await find();
  expect(listed).toMatchObject({
    name: pool.name,
    uuid: /<uuid>([^<]+)<\/uuid>/.exec(xml)?.[1],
    type: 'dir',
    state: 'running',
    persistent: info.persistent,
    autostart: info.autostart,
    targetPath: pool.dir,
    volumeCount: truth.length,
  });
  const detail = await getPool(request, pool.name);
  const { xml: detailXml, ...detailFields } = detail;
  expect({ ...detailFields, capacity: 0, allocation: 0, available: 0 }).toEqual({
    ...listed,
    capacity: 0,
    allocation: 0,
    available: 0,
  });
  const noBytes = (s: string) =>
    s.replace(/<(capacity|allocation|available) [^>]*>\d+</g, '<$1>N<');
  expect(noBytes(detailXml.trim())).toBe(noBytes(xml.trim()));
});

test('volumes view lists exactly the volumes of virsh vol-list, with their numbers', async ({
  page,
}) => {
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  await expect(page.getByTestId('volumes-table')).toBeVisible();
  const expectedNames = truth.map((t) => t.name).sort();
  await expect
    .poll(() => attrValues(page, 'volume-row', 'data-volume-name'))
    .toEqual(expectedNames);
  await expect(page.getByTestId('volume-count')).toHaveText(
    `${truth.length} of ${truth.length} volumes`,
  );

  for (const t of truth) {
    await test.step(t.name, async () => {
      const row = volumeRow(page, t.name);
      await expect(row).toHaveCount(1);
      await expect(row.getByTestId('volume-format')).toHaveText(t.format ?? '');
      await expect(row.getByTestId('volume-path')).toHaveText(t.path);
      expect(await bytesOf(row, 'volume-capacity')).toBe(t.capacity);
      expect(await bytesOf(row, 'volume-allocation')).toBe(t.allocation);
      // vol-info --bytes is the other place virsh reports these; both must agree.
      const info = await volInfo(pool.name, t.name);
      expect([info.capacity, info.allocation]).toEqual([t.capacity, t.allocation]);
    });
  }
});

test('filter box narrows the volumes table', async ({ page }) => {
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  await expect(page.getByTestId('volume-count')).toHaveText(
    `${truth.length} of ${truth.length} volumes`,
  );
  await page.getByRole('searchbox', { name: 'Filter volumes' }).fill('.qcow2');
  const qcow2 = truth
    .filter((t) => t.name.includes('.qcow2'))
    .map((t) => t.name)
    .sort();
  await expect(page.getByTestId('volume-count')).toHaveText(
    `${qcow2.length} of ${truth.length} volumes`,
  );
  await expect.poll(() => attrValues(page, 'volume-row', 'data-volume-name')).toEqual(qcow2);
});

test('REST API volumes equal vol-dumpxml for every field', async ({ request }) => {
  const listed = await getVolumes(request, pool.name);
  // usedBy is Poolwatch's own: the overlay's backing store is used by the overlay.
  const usedBy = (name: string) =>
    truth
      .filter((t) => t.backingStore === pool.file(name))
      .map((t) => ({ kind: 'volume', pool: pool.name, name: t.name }));
  expect(usedBy('base.qcow2')).toHaveLength(1);
  // backingVolume too: the volume of this pool whose path is the backing store.
  const backingVolume = (name: string) => {
    const backing = truth.find((t) => t.name === name)?.backingStore ?? null;
    const found = truth.find((t) => t.path === backing);
    return found ? { pool: pool.name, name: found.name } : null;
  };
  expect(backingVolume('overlay.qcow2')).toEqual({ pool: pool.name, name: 'base.qcow2' });
  // Every figure here is a real size, so Poolwatch reports no error on any of them.
  const withoutXml = truth.map(({ xml: _xml, ...fields }) => ({
    ...fields,
    error: null,
    usedBy: usedBy(fields.name),
    backingVolume: backingVolume(fields.name),
  }));
  const byName = <T extends { name: string }>(a: T[]) =>
    [...a].sort((x, y) => (x.name < y.name ? -1 : 1));
  expect(byName(listed)).toEqual(byName(withoutXml));

  const overlay = listed.find((v) => v.name === 'overlay.qcow2');
  expect(overlay?.backingStore).toBe(pool.file('base.qcow2'));
  expect(overlay?.format).toBe('qcow2');
  expect(listed.find((v) => v.name === 'sparse.raw')?.format).toBe('raw');

  for (const t of truth) {
    const { xml, ...fields } = await getVolume(request, pool.name, t.name);
    const { xml: truthXml, ...truthFields } = t;
    expect(fields, t.name).toEqual({
      ...truthFields,
      error: null,
      usedBy: usedBy(t.name),
      backingVolume: backingVolume(t.name),
    });
    expect(stableXml(xml), `${t.name} xml`).toBe(stableXml(truthXml));
  }
});

test('volume detail opens from the list and shows the XML', async ({ page }) => {
  const t = truth.find((v) => v.name === 'overlay.qcow2')!;
  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  await volumeRow(page, t.name).getByRole('link', { name: t.name }).click();
  await expect(page).toHaveURL(
    (url) => url.pathname === uiPaths.volume(SANDBOX_HOST_ID, pool.name, t.name),
  );
  const detail = page.getByTestId('volume-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('volume-name')).toHaveText(t.name);
  await expect
    .poll(async () => stableXml((await detail.getByTestId('volume-xml').textContent()) ?? ''))
    .toBe(stableXml(t.xml));
  expect(await bytesOf(detail, 'volume-detail-capacity')).toBe(t.capacity);
  expect(await bytesOf(detail, 'volume-detail-allocation')).toBe(t.allocation);
});
