import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type InUseError, type Volume } from '@poolwatch/shared';
import {
  api,
  jobIds,
  runJob,
  sha256,
  startStack,
  volListed,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, testDataDir, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * The used-by guard on the real daemon: a real qcow2 overlay (qemu-img create -b) in another
 * pool and a real defined domain (qemu-system-x86 lets `virsh define` work) with a file disk
 * and a type='volume' disk. Ground truth from local virsh and the files themselves.
 */
const H = 'sandbox';
const MiB = 1024 ** 2;

describe('used-by guard on the real host', () => {
  let stack: Stack;
  let a: TestPool;
  let b: TestPool;
  const domainUuid = randomUUID();
  const domainName = `pw-int dom <used> ${domainUuid.slice(0, 6)}`;

  const capacity = (pool: TestPool, name: string) =>
    Number(
      /^Capacity:\s+(\d+)/m.exec(virsh('vol-info', '--bytes', '--pool', pool.name, '--', name))![1],
    );
  const volumes = async (pool: TestPool) => {
    const reply = await api<Volume[]>(stack, 'GET', apiPaths.volumes(H, pool.name));
    expect(reply.status).toBe(200);
    return new Map(reply.body.map((v) => [v.name, v.usedBy]));
  };
  const domainUser = { kind: 'domain', name: domainName, state: 'shut off' };

  beforeAll(async () => {
    // The domain must land in the tests' private daemon only, never in the machine's own.
    if (process.env.POOLWATCH_PRIVATE_LIBVIRT !== 'inside') {
      throw new Error('run through scripts/private-libvirt.sh: this test defines a domain');
    }
    a = createTestPool('usedby-a');
    b = createTestPool('usedby-b');
    for (const name of ['base.raw', 'disk.raw', 'vdisk.raw', 'lone.raw']) {
      virsh(
        'vol-create-as',
        '--pool',
        a.name,
        '--name',
        name,
        '--capacity',
        '8M',
        '--allocation',
        '0',
        '--format',
        'raw',
      );
    }
    // Data at the start of the domain's disk (in place: the volume keeps its 8 MiB).
    const fd = openSync(join(a.dir, 'disk.raw'), 'r+');
    writeSync(fd, Buffer.alloc(MiB, 7));
    closeSync(fd);
    execFileSync('qemu-img', [
      'create',
      '-q',
      '-f',
      'qcow2',
      '-F',
      'raw',
      '-b',
      join(a.dir, 'base.raw'),
      join(b.dir, 'over.qcow2'),
    ]);
    virsh('pool-refresh', '--', b.name);
    const xmlFile = join(testDataDir, `domain-${domainUuid}.xml`);
    const esc = (s: string) =>
      s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll("'", '&apos;');
    writeFileSync(
      xmlFile,
      `<domain type='qemu'><name>${esc(domainName)}</name><uuid>${domainUuid}</uuid>
        <memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os><devices>
        <disk type='file' device='disk'><driver name='qemu' type='raw'/>
          <source file='${esc(join(a.dir, 'disk.raw'))}'/><target dev='vda' bus='virtio'/></disk>
        <disk type='volume' device='disk'><driver name='qemu' type='raw'/>
          <source pool='${esc(a.name)}' volume='vdisk.raw'/><target dev='vdb' bus='virtio'/></disk>
        </devices></domain>`,
    );
    virsh('define', '--', xmlFile);
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    try {
      virsh('undefine', '--', domainUuid);
    } catch {
      // never defined
    }
    a?.destroy();
    b?.destroy();
  });

  test('volumes name their overlays (other pool) and the domain using them', async () => {
    expect(await volumes(a)).toEqual(
      new Map([
        ['base.raw', [{ kind: 'volume', pool: b.name, name: 'over.qcow2' }]],
        ['disk.raw', [domainUser]],
        ['vdisk.raw', [domainUser]],
        ['lone.raw', []],
      ]),
    );
    const detail = await api<Volume>(stack, 'GET', apiPaths.volume(H, a.name, 'disk.raw'));
    expect(detail.body.usedBy).toEqual([domainUser]);
  });

  test('an overlay names the volume of its backing store, in the other pool', async () => {
    const listed = await api<Volume[]>(stack, 'GET', apiPaths.volumes(H, b.name));
    const overlay = listed.body.find((v) => v.name === 'over.qcow2');
    expect(overlay?.backingStore).toBe(join(a.dir, 'base.raw'));
    expect(overlay?.backingVolume).toEqual({ pool: a.name, name: 'base.raw' });
    const base = await api<Volume>(stack, 'GET', apiPaths.volume(H, a.name, 'base.raw'));
    expect(base.body.backingVolume).toBeNull();
  });

  test('delete, wipe and shrink of a used volume: 409 in_use naming the users, nothing runs', async () => {
    const before = await jobIds(stack);
    const diskSha = await sha256(join(a.dir, 'disk.raw'));
    const refusals = [
      ['DELETE', apiPaths.volume(H, a.name, 'base.raw'), undefined, 'base.raw'],
      ['DELETE', apiPaths.volume(H, a.name, 'disk.raw'), undefined, 'disk.raw'],
      ['POST', apiPaths.volumeWipe(H, a.name, 'disk.raw'), { algorithm: 'zero' }, 'disk.raw'],
      [
        'POST',
        apiPaths.volumeResize(H, a.name, 'vdisk.raw'),
        { capacity: 4 * MiB, shrink: true },
        'vdisk.raw',
      ],
    ] as const;
    for (const [method, path, body, name] of refusals) {
      const reply = await api<InUseError>(stack, method, path, body);
      expect(reply.status, `${method} ${path}`).toBe(409);
      expect(reply.body.error.id).toBe('in_use');
      expect(reply.body.error.usedBy).toEqual(
        name === 'base.raw' ? [{ kind: 'volume', pool: b.name, name: 'over.qcow2' }] : [domainUser],
      );
      expect(reply.body.error.message).toContain(name === 'base.raw' ? 'over.qcow2' : domainName);
    }
    expect(await jobIds(stack)).toEqual(before);
    expect(volListed(a, 'base.raw') && volListed(a, 'disk.raw')).toBe(true);
    expect(await sha256(join(a.dir, 'disk.raw'))).toBe(diskSha);
    expect(capacity(a, 'vdisk.raw')).toBe(8 * MiB);
    // Growing a used volume harms nobody: not guarded.
    await runJob(stack, 'POST', apiPaths.volumeResize(H, a.name, 'vdisk.raw'), {
      capacity: 16 * MiB,
    });
    expect(capacity(a, 'vdisk.raw')).toBe(16 * MiB);
  });

  test('force=true runs them; a bad force value is a 400', async () => {
    const bad = await api(stack, 'DELETE', `${apiPaths.volume(H, a.name, 'disk.raw')}?force=yes`);
    expect(bad.status).toBe(400);
    expect(volListed(a, 'disk.raw')).toBe(true);

    const wipe = await runJob(
      stack,
      'POST',
      `${apiPaths.volumeWipe(H, a.name, 'disk.raw')}?force=true`,
      {
        algorithm: 'zero',
      },
    );
    expect(wipe.params).toMatchObject({ force: true });
    expect(readFileSync(join(a.dir, 'disk.raw')).every((byte) => byte === 0)).toBe(true);
    await runJob(stack, 'POST', `${apiPaths.volumeResize(H, a.name, 'vdisk.raw')}?force=true`, {
      capacity: 4 * MiB,
      shrink: true,
    });
    expect(capacity(a, 'vdisk.raw')).toBe(4 * MiB);
    await runJob(stack, 'DELETE', `${apiPaths.volume(H, a.name, 'base.raw')}?force=true`);
    expect(volListed(a, 'base.raw')).toBe(false);
    // An unused volume needs no force.
    await runJob(stack, 'DELETE', apiPaths.volume(H, a.name, 'lone.raw'));
    expect(volListed(a, 'lone.raw')).toBe(false);
  });
});
