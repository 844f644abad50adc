import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { logger } from '../logger.js';
import { HostAgent } from '../libvirt/host-agent.js';
import { HostShell } from '../libvirt/host-shell.js';
import { PoolEventWatcher } from '../libvirt/pool-events.js';
import { virshEnvFor } from '../libvirt/ssh-setup.js';
import { VirshClient } from '../libvirt/virsh-client.js';
import { pollSeconds, virshCommandSeconds } from '../metrics.js';
import {
  createTestPool,
  sandboxHost,
  testDataDir,
  virsh,
  type TestPool,
} from '../test-support/sandbox.js';
import { HostInventory } from './host-inventory.js';

/** A host id of its own, so the metrics counted here are this test's calls only. */
const HOST_ID = 'dir-watch';

/** How many times this host's inventory ran `command` (the BFF's per-command metric). */
async function calls(command: string): Promise<number> {
  const { values } = await virshCommandSeconds.get();
  return values
    .filter((v) => v.metricName?.endsWith('_count') && v.labels.host === HOST_ID)
    .filter((v) => v.labels.command === command)
    .reduce((sum, v) => sum + v.value, 0);
}

async function polls(): Promise<number> {
  const { values } = await pollSeconds.get();
  const count = values.find((v) => v.metricName?.endsWith('_count') && v.labels.host === HOST_ID);
  return count?.value ?? 0;
}

/** The host's running pools, from the daemon itself (host truth, local virsh). */
const runningPools = () => virsh('pool-list', '--name').split('\n').filter(Boolean).length;

/** expect.poll does not run in beforeAll; the hook's timeout bounds this wait. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}

const names = async (inventory: HostInventory, pool: TestPool) =>
  (await inventory.listVolumes(pool.name)).map((v) => v.name);

describe('idle dir pools are listed only when their directory changes (host agent)', () => {
  let pool: TestPool;
  let inventory: HostInventory;
  let agent: HostAgent;

  beforeAll(async () => {
    pool = createTestPool('dir-watch');
    const host = { ...sandboxHost, id: HOST_ID };
    const env = virshEnvFor(host, testDataDir);
    const log = logger.child({ test: 'pool-dir-watch' });
    inventory = new HostInventory({
      host,
      virsh: new VirshClient({
        hostId: HOST_ID,
        uri: host.uri,
        env,
        logger: log,
        commandTimeoutMs: 30_000,
        sessions: 2,
        readOnly: true,
      }),
      logger: log,
      pollIntervalMs: 1000,
      events: (onEvent) => new PoolEventWatcher(host.uri, env, log, onEvent),
    });
    agent = new HostAgent(new HostShell(host.uri, env, log), log);
    inventory.watchPoolDirs(agent.poolDirs);
    inventory.start();
    const uuid = virsh('pool-uuid', '--', pool.name).trim();
    await until(async () => agent.poolDirs.isWatched(uuid) && inventory.view.state === 'connected');
    expect(await names(inventory, pool)).toEqual([]);
  }, 60_000);

  afterAll(() => {
    inventory?.stop();
    agent?.close();
    pool?.destroy();
  });

  test('an idle host polls its pools but lists no idle dir pool every poll', async () => {
    // Settle: the re-list after the watch began has run.
    const firstPolls = await polls();
    await expect.poll(polls, { timeout: 30_000, interval: 200 }).toBeGreaterThan(firstPolls + 1);
    const listsBefore = await calls('vol-list');
    const pollsBefore = await polls();
    await expect.poll(polls, { timeout: 60_000, interval: 200 }).toBeGreaterThan(pollsBefore + 5);
    const pollsDuring = (await polls()) - pollsBefore;
    const listsDuring = (await calls('vol-list')) - listsBefore;
    // Before the watch every poll listed every running pool (pollsDuring × pools, ≥ 6 ×).
    // Now a pool is listed again only on a change, or when the watched set changes (another
    // pool started): at most once per running pool in this window.
    expect(pollsDuring).toBeGreaterThanOrEqual(6);
    expect(listsDuring).toBeLessThanOrEqual(runningPools());
  }, 90_000);

  test('a file copied into the pool dir by hand shows, with no pool-refresh by anyone else', async () => {
    const path = join(pool.dir, 'copied by hand; $(x).raw');
    writeFileSync(path, Buffer.alloc(65536, 1));
    await expect
      .poll(() => names(inventory, pool), { timeout: 5000, interval: 100 })
      .toContain('copied by hand; $(x).raw');
  }, 30_000);

  test('a volume created by raw virsh shows within 5 s', async () => {
    virsh('vol-create-as', '--pool', pool.name, '--name', 'by virsh.raw', '--capacity', '1M');
    await expect
      .poll(() => names(inventory, pool), { timeout: 5000, interval: 100 })
      .toContain('by virsh.raw');
    virsh('vol-delete', '--pool', pool.name, '--', 'by virsh.raw');
    await expect
      .poll(() => names(inventory, pool), { timeout: 5000, interval: 100 })
      .not.toContain('by virsh.raw');
  }, 30_000);
});
