import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Host } from '@poolwatch/shared';
import type { HostConfig } from '../config.js';
import { logger } from '../logger.js';
import { hostUp, registry } from '../metrics.js';
import { PoolEventWatcher } from '../libvirt/pool-events.js';
import { virshEnvFor } from '../libvirt/ssh-setup.js';
import { VirshClient } from '../libvirt/virsh-client.js';
import { dataDir, sandboxHost, testDataDir } from '../test-support/sandbox.js';
import { HostInventory } from './host-inventory.js';
import { ReachabilityWatch } from './reachability-watch.js';

/**
 * sshd gone, libvirtd gone: the host must say unreachable (with the reason), push its
 * state, drop poolwatch_host_connected to 0, and come back by itself.
 *
 * Stopping the shared sandbox sshd would disturb whatever else runs against it, so this
 * file starts an sshd of its own (same host key and authorized key, another port), stops
 * it by the PID it wrote and restarts it the same way.
 */
const sandboxDir = join(dataDir, 'sandbox');
const port = Number(
  process.env.POOLWATCH_TEST_EXTRA_SSH_PORT ??
    Number(process.env.POOLWATCH_SANDBOX_SSH_PORT ?? 2222) + 1,
);
const dir = join(testDataDir, 'extra-sshd');
const pidFile = join(dir, 'sshd.pid');
const config = join(dir, 'sshd_config');

function startSshd(): void {
  execFileSync('/usr/sbin/sshd', ['-f', config]);
}

function stopSshd(): void {
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
}

async function metric(hostId: string): Promise<number | undefined> {
  const { values } = await hostUp.get();
  return values.find((v) => v.labels.host === hostId)?.value;
}

describe('a host that cannot be reached says so, then recovers by itself', () => {
  const host: HostConfig = {
    id: 'extra-sshd',
    uri: `qemu+ssh://root@127.0.0.1:${port}/system`,
    keyFile: sandboxHost.keyFile,
    knownHostsFile: join(dir, 'known_hosts'),
  };
  const states: Host[] = [];
  let inventory: HostInventory;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const hostKey = join(sandboxDir, 'ssh_host_ed25519_key');
    const publicKey = readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(host.knownHostsFile!, `[127.0.0.1]:${port} ${publicKey}\n`);
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${pidFile}`,
        `AuthorizedKeysFile ${join(sandboxDir, 'authorized_keys')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
      ].join('\n') + '\n',
    );
    startSshd();
    const env = virshEnvFor(host, testDataDir);
    const log = logger.child({ test: 'host-unreachable' });
    inventory = new HostInventory({
      host,
      virsh: new VirshClient({
        hostId: host.id,
        uri: host.uri,
        env,
        logger: log,
        commandTimeoutMs: 30_000,
        sessions: 2,
        readOnly: true,
      }),
      logger: log,
      pollIntervalMs: 1000,
      // The production default (POOLWATCH_REACHABILITY_MS).
      reachability: new ReachabilityWatch({ uri: host.uri, env, logger: log, intervalMs: 5000 }),
      events: (onEvent) => new PoolEventWatcher(host.uri, env, log, onEvent),
    });
    inventory.on('state', (view) => states.push(view));
    inventory.start();
    await vi.waitFor(() => expect(inventory.view.state).toBe('connected'), { timeout: 30_000 });
  });

  afterAll(() => {
    inventory?.stop();
    if (existsSync(pidFile)) {
      try {
        stopSshd();
      } catch {
        // already stopped
      }
    }
  });

  test('sshd stopped: unreachable with the reason, state pushed, metric 0; restarted: connected', async () => {
    expect(await metric(host.id)).toBe(1);
    await inventory.listPools(); // live before
    stopSshd();
    await vi.waitFor(() => expect(inventory.view.state).toBe('unreachable'), {
      timeout: 20_000,
      interval: 100,
    });
    expect(inventory.view.error).toMatch(/port \d+.*(Connection refused|closed)/);
    expect(states.at(-1)).toMatchObject({ id: host.id, state: 'unreachable' });
    expect(await metric(host.id)).toBe(0);
    expect(await registry.getSingleMetricAsString('poolwatch_host_connected')).toMatch(
      new RegExp(`poolwatch_host_connected\\{host="${host.id}"\\} 0`),
    );
    // Not stale data posing as live: reads are refused with the reason.
    await expect(inventory.listPools()).rejects.toMatchObject({ id: 'host_unreachable' });

    startSshd();
    await vi.waitFor(() => expect(inventory.view.state).toBe('connected'), {
      timeout: 60_000,
      interval: 200,
    });
    expect(await metric(host.id)).toBe(1);
    expect(Array.isArray(await inventory.listPools())).toBe(true);
  });

  test('libvirtd stopped under open sessions: unreachable; started again: connected', async () => {
    const daemonPidFile = process.env.POOLWATCH_TEST_LIBVIRTD_PIDFILE;
    if (!daemonPidFile) throw new Error('run through scripts/private-libvirt.sh');
    const pid = Number(readFileSync(daemonPidFile, 'utf8').trim());
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    process.kill(pid, 'SIGTERM');
    try {
      await vi.waitFor(() => expect(inventory.view.state).toBe('unreachable'), {
        timeout: 20_000,
        interval: 100,
      });
      expect(inventory.view.error).toBeTruthy();
      expect(await metric(host.id)).toBe(0);
    } finally {
      await vi.waitFor(() => expect(existsSync(`/proc/${pid}`)).toBe(false), { timeout: 20_000 });
      execFileSync(argv[0]!, argv.slice(1));
    }
    await vi.waitFor(() => expect(inventory.view.state).toBe('connected'), {
      timeout: 60_000,
      interval: 200,
    });
    expect(await metric(host.id)).toBe(1);
  });
});
