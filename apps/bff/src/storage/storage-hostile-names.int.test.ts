import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type Job } from '@poolwatch/shared';
import {
  dirSnapshot,
  getContent,
  onDisk,
  putContent,
  runJob,
  startStack,
  volListed,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, poolIsRunning, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * Names a careless tool would execute, split or mangle go through every byte-moving job
 * (upload, download, clone, wipe, delete) over HTTP and the real ssh + virsh + host scripts,
 * and nothing else in the pool changes.
 */
const H = 'sandbox';
const NAMES = [
  'semi;colon.img',
  `quote'"s.img`,
  'sp ace.img',
  'new\nline.img',
  '-leading-dash.img',
  '$(id).img',
  'üñí.img',
];
// Not a multiple of the 512/4096-byte blocks O_DIRECT writes: the last block is partial.
const SIZE = 100_003;

describe('hostile volume names through every job', () => {
  let stack: Stack;
  let pool: TestPool;
  let victim: TestPool;
  const sentinel = randomBytes(64 * 1024);
  const path = (name: string) => join(pool.dir, name);

  beforeAll(async () => {
    pool = createTestPool('hostile');
    victim = createTestPool('victim');
    writeFileSync(path('sentinel.raw'), sentinel);
    writeFileSync(join(victim.dir, 'victim.raw'), sentinel);
    virsh('pool-refresh', '--', pool.name);
    virsh('pool-refresh', '--', victim.name);
    stack = await startStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    pool?.destroy();
    victim?.destroy();
  });

  test.each(
    NAMES.map((name, i) => ({
      label: JSON.stringify(name),
      name,
      copy: NAMES[(i + 1) % NAMES.length]!,
    })),
  )('$label: upload, download, clone, wipe zero, delete', async ({ name, copy }) => {
    const before = dirSnapshot(pool.dir);
    const victimBefore = dirSnapshot(victim.dir);
    const data = randomBytes(SIZE);
    try {
      const upload = await putContent(
        stack,
        `${apiPaths.volumeContent(H, pool.name, name)}?create=1`,
        data,
      );
      expect(upload.status, JSON.stringify(upload.body)).toBe(200);
      expect(upload.body).toMatchObject({ state: 'succeeded', kind: 'volume.upload' });
      expect(readFileSync(path(name)).equals(data)).toBe(true);
      expect(volListed(pool, name)).toBe(true);

      const download = await getContent(stack, apiPaths.volumeContent(H, pool.name, name));
      expect(download.status).toBe(200);
      expect(download.data.length).toBe(SIZE);
      expect(download.data.equals(data)).toBe(true);

      const clone: Job = await runJob(stack, 'POST', apiPaths.volumeClone(H, pool.name, name), {
        name: copy,
      });
      expect(clone.target).toMatchObject({ volume: name, targetVolume: copy });
      expect(readFileSync(path(copy)).equals(data)).toBe(true);
      expect(volListed(pool, copy)).toBe(true);

      await runJob(stack, 'POST', apiPaths.volumeWipe(H, pool.name, name), { algorithm: 'zero' });
      const wiped = readFileSync(path(name));
      expect(wiped.length).toBe(SIZE);
      expect(wiped.equals(Buffer.alloc(SIZE))).toBe(true);
      expect(readFileSync(path(copy)).equals(data)).toBe(true); // the clone is its own file

      for (const gone of [name, copy]) {
        await runJob(stack, 'DELETE', apiPaths.volume(H, pool.name, gone));
        expect(onDisk(pool, gone)).toBe(false);
        expect(volListed(pool, gone)).toBe(false);
      }
    } finally {
      for (const left of [name, copy]) {
        if (onDisk(pool, left)) virsh('vol-delete', '--pool', pool.name, '--', left);
      }
    }
    expect(dirSnapshot(pool.dir)).toEqual(before);
    expect(readFileSync(path('sentinel.raw')).equals(sentinel)).toBe(true);
    expect(poolIsRunning(pool.name)).toBe(true);
    expect(poolIsRunning(victim.name)).toBe(true);
    expect(dirSnapshot(victim.dir)).toEqual(victimBefore);
  });
});
