import { mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { virshSync } from '@poolwatch/host-truth';
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
