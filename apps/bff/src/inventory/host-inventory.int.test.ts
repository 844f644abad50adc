import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { InventoryChanged } from '@poolwatch/shared';
import { logger } from '../logger.js';
import { PoolEventWatcher } from '../libvirt/pool-events.js';
import { virshEnvFor } from '../libvirt/ssh-setup.js';
import { VirshClient } from '../libvirt/virsh-client.js';
import {
  createTestPool,
  sandboxHost,
  testDataDir,
  virsh,
  type TestPool,
} from '../test-support/sandbox.js';
import { HostInventory } from './host-inventory.js';

/** Resolves with the first event matching `predicate` (the test timeout bounds the wait). */
function nextChange(
  inventory: HostInventory,
  predicate: (e: InventoryChanged) => boolean,
): Promise<InventoryChanged> {
  return new Promise((resolve) => {
    const listener = (event: InventoryChanged) => {
      if (!predicate(event)) return;
      inventory.off('changed', listener);
      resolve(event);
    };
    inventory.on('changed', listener);
  });
}

function untilState(inventory: HostInventory, state: string): Promise<void> {
  return new Promise((resolve) => {
    if (inventory.view.state === state) return resolve();
    const listener = () => {
      if (inventory.view.state !== state) return;
      inventory.off('state', listener);
      resolve();
    };
    inventory.on('state', listener);
  });
}

describe('HostInventory against the real daemon over ssh', () => {
  let pool: TestPool;
  let inventory: HostInventory;
  let virshClient: VirshClient;

  beforeAll(async () => {
    pool = createTestPool('live');
    virsh(
      'vol-create-as',
      '--pool',
      pool.name,
      '--name',
      'base.qcow2',
      '--capacity',
      '64M',
      '--format',
      'qcow2',
    );
    const env = virshEnvFor(sandboxHost, testDataDir);
    const log = logger.child({ test: 'host-inventory' });
    virshClient = new VirshClient({
      hostId: 'sandbox',
      uri: sandboxHost.uri,
      env,
      logger: log,
      commandTimeoutMs: 30_000,
      sessions: 2,
    });
    inventory = new HostInventory({
      host: sandboxHost,
      virsh: virshClient,
      logger: log,
      pollIntervalMs: 1000,
      events: (onEvent) => new PoolEventWatcher(sandboxHost.uri, env, log, onEvent),
    });
    inventory.start();
    await untilState(inventory, 'connected');
  });

  afterAll(() => {
    inventory?.stop();
    pool?.destroy();
  });

  test('volumes equal virsh vol-dumpxml ground truth', async () => {
    const [volume] = await inventory.listVolumes(pool.name);
    const xml = virsh('vol-dumpxml', '--pool', pool.name, '--', 'base.qcow2');
    expect(volume).toMatchObject({
      name: 'base.qcow2',
      format: 'qcow2',
      capacity: 64 * 1024 * 1024,
    });
    expect(xml).toContain(`<allocation unit='bytes'>${volume!.allocation}</allocation>`);
  });

  test('a volume created and one deleted by plain virsh are seen without asking', async () => {
    await inventory.listVolumes(pool.name); // watch the pool
    const created = nextChange(inventory, (e) => e.pool === pool.name);
    virsh(
      'vol-create-as',
      '--pool',
      pool.name,
      '--name',
      'by hand; $(x).raw',
      '--capacity',
      '1M',
      '--format',
      'raw',
    );
    await created;
    expect((await inventory.listVolumes(pool.name)).map((v) => v.name)).toContain(
      'by hand; $(x).raw',
    );

    const deleted = nextChange(inventory, (e) => e.pool === pool.name);
    virsh('vol-delete', '--pool', pool.name, '--', 'by hand; $(x).raw');
    await deleted;
    expect((await inventory.listVolumes(pool.name)).map((v) => v.name)).not.toContain(
      'by hand; $(x).raw',
    );
  });

  test('membership changes are reported for pools nobody is watching too', async () => {
    const quiet = createTestPool('unwatched');
    try {
      await expect
        .poll(async () => (await inventory.listPools()).some((p) => p.name === quiet.name))
        .toBe(true);
      const created = nextChange(inventory, (e) => e.pool === quiet.name);
      virsh('vol-create-as', '--pool', quiet.name, '--name', 'new.raw', '--capacity', '1M');
      await created;
    } finally {
      quiet.destroy();
    }
  });

  test('pool lifecycle events update the pool list', async () => {
    const other = createTestPool('lifecycle');
    try {
      await expect
        .poll(async () => (await inventory.listPools()).some((p) => p.name === other.name))
        .toBe(true);
      const stopped = nextChange(inventory, (e) => e.pool === null);
      virsh('pool-destroy', '--', other.name);
      await stopped;
      await expect
        .poll(async () => (await inventory.listPools()).some((p) => p.name === other.name), {
          timeout: 5000,
        })
        .toBe(false);
    } finally {
      other.destroy();
    }
  });

  test('a dead session makes the host unreachable, then it reconnects by itself', async () => {
    const sessions = virshClient.sessionPids;
    expect(sessions.length).toBeGreaterThan(0);
    const down = untilState(inventory, 'unreachable');
    for (const pid of sessions) process.kill(pid, 'SIGKILL');
    await down;
    expect(inventory.view.error).toBeTruthy();
    await untilState(inventory, 'connected');
    expect((await inventory.listVolumes(pool.name)).map((v) => v.name)).toEqual(['base.qcow2']);
  });
});
