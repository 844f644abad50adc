import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hostileVolumeNames } from '@poolwatch/shared/testing';
import { logger } from '../logger.js';
import {
  createTestPool,
  poolIsRunning,
  sandboxHost,
  testDataDir,
  virsh,
  type TestPool,
} from '../test-support/sandbox.js';
import { restartLibvirtd } from '../test-support/libvirtd.js';
import { NotFoundError, HostUnreachableError } from '../errors.js';
import { readVolumeByName, readVolumes } from './volumes.js';
import { listVolumeRows, readAllPools } from './pools.js';
import { virshEnvFor } from './ssh-setup.js';
import { VirshClient } from './virsh-client.js';

describe('VirshClient over qemu+ssh against the real daemon', () => {
  let pool: TestPool;
  let victim: TestPool;
  let client: VirshClient;
  let poolUuid: string;

  beforeAll(async () => {
    victim = createTestPool('victim');
    pool = createTestPool('hostile');
    for (const name of hostileVolumeNames(victim.name))
      writeFileSync(join(pool.dir, name), 'x'.repeat(4096));
    virsh('pool-refresh', '--', pool.name);
    poolUuid = virsh('pool-uuid', '--', pool.name).trim();
    client = new VirshClient({
      hostId: 'sandbox',
      uri: sandboxHost.uri,
      env: virshEnvFor(sandboxHost, testDataDir),
      logger,
      commandTimeoutMs: 30_000,
      sessions: 2,
    });
    await client.connect();
  });

  afterAll(() => {
    client?.disconnect();
    pool?.destroy();
    victim?.destroy();
  });

  test('lists every hostile name exactly, reading each volume by path', async () => {
    const rows = await listVolumeRows(client, poolUuid);
    const volumes = await readVolumes(client, poolUuid, rows!);
    expect(volumes.map((v) => v.name).sort()).toEqual(hostileVolumeNames(victim.name).sort());
    for (const volume of volumes) {
      expect(volume.path).toBe(join(pool.dir, volume.name));
      expect(volume.capacity).toBe(4096);
    }
    expect(poolIsRunning(victim.name)).toBe(true);
  });

  test.each(hostileVolumeNames('victim'))(
    'reads %j by name (session or one-shot argv path)',
    async (template) => {
      const name = template.replace('victim', victim.name);
      const volume = await readVolumeByName(client, poolUuid, name);
      expect(volume?.name).toBe(name);
      expect(volume?.xml).toContain('<volume');
      expect(poolIsRunning(victim.name)).toBe(true);
    },
  );

  test('a missing volume is null, not an error; other failures carry libvirt’s message', async () => {
    expect(await readVolumeByName(client, poolUuid, 'nope.img')).toBeNull();
    await expect(
      client.run(['vol-info', '--pool', poolUuid, '--', 'nope.img']),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  test('pools read over the session equal virsh ground truth', async () => {
    const snapshot = (await readAllPools(client)).find((s) => s.pool.name === pool.name);
    const info = virsh('pool-info', '--bytes', '--', pool.name);
    expect(snapshot?.pool).toMatchObject({
      uuid: poolUuid,
      type: 'dir',
      state: 'running',
      persistent: false,
      targetPath: pool.dir,
      volumeCount: hostileVolumeNames(victim.name).length,
      capacity: Number(/^Capacity:\s+(\d+)/m.exec(info)![1]),
    });
  });

  test('after libvirtd restarts, the open sessions reconnect and every command answers', async () => {
    await restartLibvirtd();
    // Four commands over two sessions: each session's first command runs right after
    // virsh's own reconnect, whose notices on stderr must not fail it.
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () => client.run(['pool-list', '--all', '--uuid'])),
    );
    for (const out of outputs) expect(out).toContain(poolUuid);
    expect(poolIsRunning(pool.name)).toBe(true);
  });

  test('an unreachable host fails to connect with ssh’s own reason', async () => {
    const offline = new VirshClient({
      hostId: 'sandbox',
      uri: 'qemu+ssh://root@127.0.0.1:1/system',
      env: virshEnvFor({ ...sandboxHost, id: 'offline' }, testDataDir),
      logger,
      commandTimeoutMs: 30_000,
      sessions: 1,
    });
    const error = await offline.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostUnreachableError);
    expect((error as Error).message).toMatch(/Connection refused/);
  });
});
