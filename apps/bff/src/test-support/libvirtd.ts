import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect, vi } from 'vitest';
import { virsh } from './sandbox.js';

// Kept out of sandbox.ts, which child processes (pool-events.child.ts) import outside vitest.

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
