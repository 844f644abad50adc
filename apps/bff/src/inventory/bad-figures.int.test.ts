import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { logger } from '../logger.js';
import { PoolEventWatcher } from '../libvirt/pool-events.js';
import { virshEnvFor } from '../libvirt/ssh-setup.js';
import { VirshClient } from '../libvirt/virsh-client.js';
import type { VirshArgs } from '../libvirt/virsh-command.js';
import type { VirshResult } from '../libvirt/virsh-result.js';
import {
  createTestPool,
  sandboxHost,
  testDataDir,
  virsh,
  type TestPool,
} from '../test-support/sandbox.js';
import { HostInventory } from './host-inventory.js';

/** What a production host reported for a full tmpfs: libvirt's unsigned wrap-around. */
const WRAPPED = '18446744073622413312';
const ALLOCATION = /<allocation unit='bytes'>\d+<\/allocation>/;
const wrapped = `<allocation unit='bytes'>${WRAPPED}</allocation>`;

/**
 * The real daemon over real ssh, with one twist: every answer about the "bad" pool (its
 * pool-dumpxml, its volumes' vol-dumpxml) carries the wrap-around allocation instead of the
 * real one, as libvirt printed it on that host. This kernel does not produce the figure
 * itself (a full tmpfs reports exact sizes here; that pool is in the test too).
 */
class WrapAroundVirsh extends VirshClient {
  badUuid = '';
  badDir = '';

  override async run(args: VirshArgs): Promise<string> {
    const out = await super.run(args);
    return args[0] === 'pool-dumpxml' && args.includes(this.badUuid)
      ? out.replace(ALLOCATION, wrapped)
      : out;
  }

  override async runBatch(commands: readonly VirshArgs[]): Promise<VirshResult> {
    const result = await super.runBatch(commands);
    const stdout = result.stdout.replace(/^<volume[\s>][\s\S]*?^<\/volume>$/gm, (xml) =>
      xml.includes(`<path>${this.badDir}/`) ? xml.replace(ALLOCATION, wrapped) : xml,
    );
    return { ...result, stdout };
  }
}

describe('one bad pool never blocks the others', () => {
  let bad: TestPool;
  let good: TestPool;
  let full: TestPool & { mount: string };
  let inventory: HostInventory;
  let client: WrapAroundVirsh;

  beforeAll(async () => {
    bad = createTestPool('bad-figure');
    good = createTestPool('good');
    virsh('vol-create-as', '--pool', bad.name, '--name', 'odd.raw', '--capacity', '1M');
    virsh('vol-create-as', '--pool', good.name, '--name', 'fine.raw', '--capacity', '1M');
    // A real dir pool on a 2 MiB tmpfs, filled (we are root in the wrapper's namespace).
    const mount = join(testDataDir, 'full-tmpfs');
    mkdirSync(mount, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'pw-full', mount]);
    const name = `pw-int full-tmpfs-${process.pid}`;
    virsh('pool-create-as', '--name', name, '--type', 'dir', '--target', mount);
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(mount, 'filler')}`, 'bs=64k'], {
        stdio: 'ignore',
      });
    } catch {
      // ENOSPC: that is the point
    }
    virsh('pool-refresh', '--', name);
    full = {
      name,
      dir: mount,
      mount,
      destroy() {
        virsh('pool-destroy', '--', name);
        execFileSync('umount', [mount]);
        rmSync(mount, { recursive: true, force: true });
      },
    };

    const env = virshEnvFor(sandboxHost, testDataDir);
    const log = logger.child({ test: 'bad-figures' });
    client = new WrapAroundVirsh({
      hostId: 'sandbox',
      uri: sandboxHost.uri,
      env,
      logger: log,
      commandTimeoutMs: 30_000,
      sessions: 2,
      readOnly: true,
    });
    client.badUuid = virsh('pool-uuid', '--', bad.name).trim();
    client.badDir = bad.dir;
    inventory = new HostInventory({
      host: sandboxHost,
      virsh: client,
      logger: log,
      pollIntervalMs: 1000,
      events: (onEvent) => new PoolEventWatcher(sandboxHost.uri, env, log, onEvent),
    });
    inventory.start();
    await vi.waitFor(() => expect(inventory.view.state).toBe('connected'), { timeout: 30_000 });
  });

  afterAll(() => {
    inventory?.stop();
    for (const pool of [bad, good, full]) pool?.destroy();
  });

  test('the bad figure is null with an error; every other figure stays exact', async () => {
    const pools = await inventory.listPools();
    const badPool = pools.find((p) => p.name === bad.name);
    expect(badPool).toMatchObject({ allocation: null, volumeCount: 1 });
    expect(badPool!.capacity).toBeGreaterThan(0);
    expect(badPool!.error).toContain(WRAPPED);
    expect(pools.find((p) => p.name === good.name)).toMatchObject({ error: null });
    const fullPool = pools.find((p) => p.name === full.name)!;
    const truth = virsh('pool-dumpxml', '--', full.name);
    expect(truth).toContain(`<allocation unit='bytes'>${fullPool.allocation}</allocation>`);
    expect(fullPool).toMatchObject({ available: 0, error: null });

    const [odd] = await inventory.listVolumes(bad.name);
    expect(odd).toMatchObject({ name: 'odd.raw', capacity: 1024 * 1024, allocation: null });
    expect(odd!.error).toContain(WRAPPED);
  });

  test('the other pools keep updating (and so does the bad one)', async () => {
    await inventory.listVolumes(good.name); // watched: sizes kept current too
    virsh('vol-create-as', '--pool', good.name, '--name', 'later.raw', '--capacity', '1M');
    virsh('vol-create-as', '--pool', bad.name, '--name', 'later.raw', '--capacity', '1M');
    await vi.waitFor(
      async () => {
        const names = (await inventory.listVolumes(good.name)).map((v) => v.name);
        expect(names).toContain('later.raw');
      },
      { timeout: 15_000, interval: 250 },
    );
    await vi.waitFor(
      async () => {
        const pool = (await inventory.listPools()).find((p) => p.name === bad.name);
        expect(pool?.volumeCount).toBe(2);
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  test('a volume named "\\u202egpj.exe" is listed, as volumeCount counts it', async () => {
    const name = '\u202egpj.exe';
    virsh('vol-create-as', '--pool', good.name, '--name', name, '--capacity', '1M');
    await vi.waitFor(
      async () => {
        const volumes = await inventory.listVolumes(good.name);
        const pool = (await inventory.listPools()).find((p) => p.name === good.name);
        expect(volumes.map((v) => v.name)).toContain(name);
        expect(volumes).toHaveLength(pool!.volumeCount!);
      },
      { timeout: 15_000, interval: 250 },
    );
    const volume = (await inventory.listVolumes(good.name)).find((v) => v.name === name)!;
    expect(volume.path).toBe(join(good.dir, name));
  });
});
