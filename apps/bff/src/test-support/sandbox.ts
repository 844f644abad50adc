import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { virshSync } from '@poolwatch/host-truth';
import { expect, vi } from 'vitest';
import type { HostConfig } from '../config.js';

/**
 * Test fixtures on the real sandbox: libvirtd reached over the loopback sshd started by
 * scripts/services.sh. Set-up and ground truth use local `virsh -c qemu:///system`
 * (same daemon), always as argv.
 */
const repoRoot = resolve(import.meta.dirname, '../../../..');
export const dataDir = resolve(process.env.POOLWATCH_DATA ?? join(repoRoot, '.poolwatch'));
const sandboxDir = join(dataDir, 'sandbox');
const port = process.env.POOLWATCH_SANDBOX_SSH_PORT ?? '2222';

export const sandboxHost: HostConfig = {
  id: 'sandbox',
  uri: `qemu+ssh://root@127.0.0.1:${port}/system`,
  keyFile: join(sandboxDir, 'id_ed25519'),
  knownHostsFile: join(sandboxDir, 'known_hosts'),
};

export const testDataDir = join(dataDir, 'int-test');

/** `virsh -q -c qemu:///system ARGS` (host-truth's, synchronous). */
export const virsh = virshSync;

export interface TestPool {
  name: string;
  dir: string;
  destroy(): void;
}

/** A transient dir pool with a unique name (and a space, to keep names honest). */
export function createTestPool(prefix: string): TestPool {
  const name = `pw-int ${prefix}-${randomBytes(3).toString('hex')}`;
  const dir = join(testDataDir, 'pools', name.replaceAll(' ', '_'));
  mkdirSync(dir, { recursive: true });
  virsh('pool-create-as', '--name', name, '--type', 'dir', '--target', dir);
  return {
    name,
    dir,
    destroy() {
      try {
        virsh('pool-destroy', '--', name);
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function poolIsRunning(name: string): boolean {
  return /^State:\s+running$/m.test(virsh('pool-info', '--', name));
}

/**
 * Restarts the test's own libvirtd the way it was started (its own argv, read from /proc),
 * as a package upgrade would. Running pools, transient ones too, survive a daemon restart.
 * The daemon is found by the pid file scripts/private-libvirt.sh gave it, never by name:
 * a machine may run several libvirtds (its own, containers, other test runs).
 */
export async function restartLibvirtd(): Promise<void> {
  const pidFile = process.env.POOLWATCH_TEST_LIBVIRTD_PIDFILE;
  if (!pidFile) {
    throw new Error(
      'POOLWATCH_TEST_LIBVIRTD_PIDFILE is unset: run the tests through scripts/private-libvirt.sh, which starts a libvirtd of their own',
    );
  }
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  process.kill(pid, 'SIGTERM');
  const bounds = { timeout: 20_000, interval: 100 };
  await vi.waitFor(
    () => expect(existsSync(`/proc/${pid}`), `libvirtd ${pid} gone`).toBe(false),
    bounds,
  );
  execFileSync(argv[0]!, argv.slice(1));
  await vi.waitFor(() => virsh('uri'), bounds);
}
