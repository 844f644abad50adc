import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type ApiError, type Job } from '@poolwatch/shared';
import {
  allocatedBytes,
  api,
  GiB,
  interpolate,
  jobIds,
  MiB,
  onDisk,
  runJob,
  sampleAllocation,
  sha256,
  startStack,
  submit,
  waitJob,
  volListed,
  writeRandomFile,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * Storage jobs through HTTP against the real libvirtd over the real loopback sshd, checked
 * against the host itself (stat, sha256sum, /proc, local virsh). Cancel paths and hostile
 * names have their own files.
 */
const H = 'sandbox';
const BIG = 'big source.raw'; // 1 GiB of random bytes
const SMALL = 'small source.raw'; // 256 MiB of random bytes

describe('storage jobs on the real host', () => {
  let stack: Stack;
  let pool: TestPool;
  let smallSha: string;
  const path = (name: string) => join(pool.dir, name);
  const dropVolume = (name: string) => {
    if (volListed(pool, name)) virsh('vol-delete', '--pool', pool.name, '--', name);
  };

  beforeAll(async () => {
    pool = createTestPool('jobs');
    await writeRandomFile(path(BIG), GiB);
    await writeRandomFile(path(SMALL), 256 * MiB);
    virsh('pool-refresh', '--', pool.name);
    smallSha = await sha256(path(SMALL));
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    pool?.destroy();
  });

  test('clone raw→raw 1 GiB: identical bytes; bounded progress that matches the disk within 2%', async () => {
    const name = 'clone of big.raw';
    const sampler = sampleAllocation(path(name), 50);
    let job: Job;
    try {
      const submitted = await submit(stack, 'POST', apiPaths.volumeClone(H, pool.name, BIG), {
        name,
      });
      expect(submitted.cancellable).toBe(true);
      job = await waitJob(stack, submitted.id, 120_000);
    } finally {
      sampler.stop();
    }
    expect(job.state).toBe('succeeded');
    expect(job.progress).toMatchObject({
      type: 'bounded',
      dataTotal: GiB,
      dataProcessed: GiB,
      dataRemaining: 0,
    });

    const events = stack.events.progress
      .filter((e) => e.event.id === job.id)
      .map((e) => e.event.progress);
    const bounded = events.filter((p) => p.type === 'bounded');
    for (const p of bounded) expect(p.dataTotal).toBe(GiB);
    const intermediate = new Set(
      bounded.map((p) => p.dataProcessed).filter((v) => v !== null && v > 0 && v < GiB),
    );
    expect(intermediate.size).toBeGreaterThanOrEqual(3);

    // Every figure against the file's allocated bytes at the moment the host measured it.
    const compared = bounded.flatMap((p) => {
      const truth = p.measuredAt === null ? null : interpolate(sampler.samples, p.measuredAt);
      return truth === null || p.dataProcessed === null
        ? []
        : [{ p, truth, error: Math.abs(p.dataProcessed - truth) }];
    });
    const worst = compared.reduce((a, b) => (b.error > a.error ? b : a), compared[0]!);
    console.info(
      `[progress] clone 1 GiB: ${bounded.length} progress events, ${intermediate.size} intermediate values, ` +
        `${sampler.samples.length} stat samples; max |dataProcessed - allocated| = ${(worst.error / MiB).toFixed(2)} MiB ` +
        `= ${((worst.error / GiB) * 100).toFixed(3)}% of dataTotal (reported ${worst.p.dataProcessed}, disk ${Math.round(worst.truth)})`,
    );
    expect(compared.length).toBeGreaterThanOrEqual(3);
    expect(worst.error).toBeLessThanOrEqual(0.02 * GiB);

    expect(volListed(pool, name)).toBe(true);
    // The file system adds an extent-tree block or so to a 1 GiB file.
    expect(allocatedBytes(path(name))).toBeGreaterThanOrEqual(GiB);
    expect(allocatedBytes(path(name))).toBeLessThan(GiB + MiB);
    const [source, target] = await Promise.all([sha256(path(BIG)), sha256(path(name))]);
    expect(target).toBe(source);
    dropVolume(name);
  }, 120_000);

  test('per-host limit 2: a third clone waits queued until one of the first two ends', async () => {
    const names = ['q1.raw', 'q2.raw', 'q3.raw'];
    const seenAtStart = new Promise<Job[]>((resolve) => {
      const listener = (job: Job) => {
        if (job.id !== third?.id || job.state !== 'running') return;
        stack.engine.off('updated', listener);
        // Synchronously, at the moment the third starts: what the first two are.
        resolve(jobs.slice(0, 2).map((j) => stack.engine.get(j.id)!));
      };
      stack.engine.on('updated', listener);
    });
    const jobs: Job[] = [];
    let third: Job | undefined;
    try {
      for (const name of names)
        jobs.push(await submit(stack, 'POST', apiPaths.volumeClone(H, pool.name, SMALL), { name }));
      third = jobs[2]!;
      const states = await Promise.all(
        jobs.map(async (j) => (await api<Job>(stack, 'GET', apiPaths.job(j.id))).body.state),
      );
      expect(states).toEqual(['running', 'running', 'queued']);
      expect(onDisk(pool, 'q3.raw')).toBe(false); // nothing done for it yet
      const others = await seenAtStart;
      expect(
        others.map((j) => j.state).filter((s) => s === 'succeeded').length,
      ).toBeGreaterThanOrEqual(1);
      const finals = await Promise.all(jobs.map((j) => waitJob(stack, j.id)));
      expect(finals.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      const ended = Math.min(...finals.slice(0, 2).map((j) => Date.parse(j.endedAt!)));
      expect(Date.parse(finals[2]!.startedAt!)).toBeGreaterThanOrEqual(ended);
    } finally {
      await Promise.all(jobs.map((j) => waitJob(stack, j.id).catch(() => null)));
      names.forEach(dropVolume);
    }
  }, 60_000);

  describe('contract errors: the answer says why and nothing runs', () => {
    type Case = [
      label: string,
      request: () => [string, string, unknown?],
      status: number,
      id: string,
    ];
    const cases: Case[] = [
      [
        'negative capacity',
        () => ['POST', apiPaths.volumes(H, pool.name), { name: 'neg.raw', capacity: -1 }],
        400,
        'bad_request',
      ],
      [
        'unknown wipe algorithm',
        () => ['POST', apiPaths.volumeWipe(H, pool.name, SMALL), { algorithm: 'shred' }],
        400,
        'bad_request',
      ],
      [
        'trim on a dir pool',
        () => ['POST', apiPaths.volumeWipe(H, pool.name, SMALL), { algorithm: 'trim' }],
        400,
        'unsupported',
      ],
      [
        'a/b as a new name',
        () => ['POST', apiPaths.volumes(H, pool.name), { name: 'a/b', capacity: MiB }],
        400,
        'bad_request',
      ],
      [
        'a/b as a clone name',
        () => ['POST', apiPaths.volumeClone(H, pool.name, SMALL), { name: 'a/b' }],
        400,
        'bad_request',
      ],
      [
        'a/b in the path',
        () => ['POST', apiPaths.volumeWipe(H, pool.name, 'a/b'), { algorithm: 'zero' }],
        400,
        'bad_request',
      ],
      [
        'unknown pool',
        () => [
          'POST',
          apiPaths.volumes(H, 'pw-int no such pool'),
          { name: 'x.raw', capacity: MiB },
        ],
        404,
        'not_found',
      ],
      [
        'unknown volume (clone)',
        () => ['POST', apiPaths.volumeClone(H, pool.name, 'no such.raw'), { name: 'x.raw' }],
        404,
        'not_found',
      ],
      [
        'unknown volume (delete)',
        () => ['DELETE', apiPaths.volume(H, pool.name, 'no such.raw')],
        404,
        'not_found',
      ],
      ['unknown job (cancel)', () => ['POST', apiPaths.jobCancel('no-such-job')], 404, 'not_found'],
      [
        'clone onto an existing name',
        () => ['POST', apiPaths.volumeClone(H, pool.name, SMALL), { name: BIG }],
        409,
        'conflict',
      ],
      [
        'shrink without shrink: true',
        () => ['POST', apiPaths.volumeResize(H, pool.name, SMALL), { capacity: MiB }],
        409,
        'conflict',
      ],
    ];
    test.each(cases.map(([label, request, status, id]) => ({ label, request, status, id })))(
      '$label → $status $id',
      async ({ request, status, id }) => {
        const before = await jobIds(stack);
        const files = JSON.stringify(statSync(pool.dir).mtimeMs);
        const [method, url, body] = request();
        const reply = await api<ApiError>(stack, method, url, body);
        expect(reply.status).toBe(status);
        expect(reply.body.error.id).toBe(id);
        expect(reply.body.error.message).toBeTruthy();
        expect(await jobIds(stack)).toEqual(before);
        expect(JSON.stringify(statSync(pool.dir).mtimeMs)).toBe(files); // no file created or removed
        expect(statSync(path(SMALL)).size).toBe(256 * MiB);
      },
    );

    test('409 deleting a volume a running clone reads; the volume is untouched', async () => {
      const sourceStat = statSync(path(SMALL));
      const clone = await submit(stack, 'POST', apiPaths.volumeClone(H, pool.name, SMALL), {
        name: 'reader.raw',
      });
      try {
        const before = await jobIds(stack);
        const reply = await api<ApiError>(stack, 'DELETE', apiPaths.volume(H, pool.name, SMALL));
        const cloneState = stack.engine.get(clone.id)!.state;
        expect(reply.status).toBe(409);
        expect(reply.body.error.id).toBe('conflict');
        expect(reply.body.error.message).toContain(clone.id);
        expect(['queued', 'running']).toContain(cloneState);
        expect(await jobIds(stack)).toEqual(before);
      } finally {
        await waitJob(stack, clone.id);
        dropVolume('reader.raw');
      }
      const after = statSync(path(SMALL));
      expect([after.size, after.mtimeMs, after.ino]).toEqual([
        sourceStat.size,
        sourceStat.mtimeMs,
        sourceStat.ino,
      ]);
      expect(volListed(pool, SMALL)).toBe(true);
      expect(await sha256(path(SMALL))).toBe(smallSha);
    });

    test('409 cancelling a job that has ended', async () => {
      const job = await runJob(stack, 'POST', apiPaths.volumes(H, pool.name), {
        name: 'tiny.raw',
        capacity: MiB,
      });
      try {
        const before = await jobIds(stack);
        const reply = await api<ApiError>(stack, 'POST', apiPaths.jobCancel(job.id));
        expect(reply.status).toBe(409);
        expect(reply.body.error.id).toBe('job_not_cancellable');
        expect(await jobIds(stack)).toEqual(before);
        expect((await api<Job>(stack, 'GET', apiPaths.job(job.id))).body.state).toBe('succeeded');
      } finally {
        dropVolume('tiny.raw');
      }
    });
  });

  test('resize with allocate grows capacity and allocation (own path); shrinking needs shrink: true', async () => {
    const name = 'grow me.raw';
    virsh(
      'vol-create-as',
      '--pool',
      pool.name,
      '--name',
      name,
      '--capacity',
      '64M',
      '--allocation',
      '0',
      '--format',
      'raw',
    );
    try {
      expect(allocatedBytes(path(name))).toBe(0);
      const job = await runJob(stack, 'POST', apiPaths.volumeResize(H, pool.name, name), {
        capacity: 128 * MiB,
        allocate: true,
      });
      expect(job.cancellable).toBe(true);
      expect(statSync(path(name)).size).toBe(128 * MiB);
      expect(allocatedBytes(path(name))).toBeGreaterThanOrEqual(64 * MiB);
      const xml = virsh('vol-dumpxml', '--pool', pool.name, '--', name);
      expect(xml).toContain(`<capacity unit='bytes'>${128 * MiB}</capacity>`);
      const allocation = Number(/<allocation unit='bytes'>(\d+)</.exec(xml)?.[1]);
      expect(allocation).toBeGreaterThanOrEqual(64 * MiB);

      const before = await jobIds(stack);
      const shrink = await api<ApiError>(stack, 'POST', apiPaths.volumeResize(H, pool.name, name), {
        capacity: 32 * MiB,
      });
      expect(shrink.status).toBe(409);
      expect(await jobIds(stack)).toEqual(before);
      expect(statSync(path(name)).size).toBe(128 * MiB);
    } finally {
      dropVolume(name);
    }
  });
});
