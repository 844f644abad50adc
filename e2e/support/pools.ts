/**
 * Throw-away transient dir pools. Each spec makes its own, with a unique name, below
 * POOLS_ROOT; afterAll destroys them and globalSetup sweeps what a crashed run left.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from '@playwright/test';
import { apiPaths } from '@poolwatch/shared';
import { BASE_URL, POOLS_ROOT, SANDBOX_HOST_ID } from './env.js';
import { poolNames, tryVirsh, virsh } from './virsh.js';
import { adminCookie } from './auth.js';

const execFileP = promisify(execFile);

export type VolumeSpec =
  /** A plain file written with Node: sparse up to `size`, with `dataBytes` of real data at the start. */
  | { name: string; kind: 'raw'; size: number; dataBytes?: number; iso?: boolean }
  /** A qcow2 image made by qemu-img, optionally on top of another volume of the same pool. */
  | { name: string; kind: 'qcow2'; size: number; backing?: string; dataBytes?: number };

export interface TestPool {
  name: string;
  dir: string;
  /** Absolute path of a volume file in this pool. */
  file(volume: string): string;
  destroy(): Promise<void>;
}

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

const MiB = 1024 * 1024;

async function writeVolume(dir: string, spec: VolumeSpec): Promise<void> {
  const file = path.join(dir, spec.name);
  if (spec.kind === 'raw') {
    const fh = await fs.open(file, 'wx');
    try {
      await fh.truncate(spec.size);
      if (spec.dataBytes) await fh.write(Buffer.alloc(spec.dataBytes, 0x5a), 0, spec.dataBytes, 0);
      // ISO 9660 primary volume descriptor magic, so libvirt probes the format as "iso".
      if (spec.iso) await fh.write(Buffer.from('\x01CD001\x01', 'latin1'), 0, 7, 32768);
    } finally {
      await fh.close();
    }
    return;
  }
  const args = ['create', '-q', '-f', 'qcow2'];
  if (spec.backing) args.push('-b', path.join(dir, spec.backing), '-F', 'qcow2');
  args.push('--', file, String(spec.size));
  await execFileP('qemu-img', args);
  if (spec.dataBytes) {
    const mb = Math.max(1, Math.round(spec.dataBytes / MiB));
    await execFileP('qemu-io', ['-f', 'qcow2', '-c', `write -P 0x5a 0 ${mb}M`, file]);
  }
}

/** Creates the files first (backing files before their overlays), then the pool, then refreshes. */
export async function createDirPool(
  name: string,
  volumes: VolumeSpec[],
  { listedWithinMs = 15_000 } = {},
): Promise<TestPool> {
  const dir = path.join(POOLS_ROOT, name);
  await fs.mkdir(dir, { recursive: true });
  for (const spec of volumes) await writeVolume(dir, spec);
  await virsh('pool-create-as', '--name', name, '--type', 'dir', '--target', dir);
  await virsh('pool-refresh', '--pool', name);
  await untilBffLists(name, volumes.length, listedWithinMs);
  return {
    name,
    dir,
    file: (volume) => path.join(dir, volume),
    destroy: async () => {
      await tryVirsh('pool-destroy', '--pool', name);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The BFF learns about pools made behind its back by polling (the contract: within 5 s).
 * Tests that are not about that wait here, so they start from a BFF that has seen the pool.
 */
export async function untilBffLists(
  pool: string,
  volumeCount: number,
  timeoutMs = 15_000,
): Promise<void> {
  await expect
    .poll(
      async () => {
        try {
          const res = await fetch(BASE_URL + apiPaths.pools(SANDBOX_HOST_ID), {
            headers: { cookie: await adminCookie() },
          });
          const pools = (await res.json()) as { name: string; volumeCount: number | null }[];
          const seen = pools.find((p) => p.name === pool);
          return seen ? `volumeCount ${seen.volumeCount}` : 'not listed';
        } catch (err) {
          return String(err);
        }
      },
      { message: `the BFF lists pool ${pool} with ${volumeCount} volumes`, timeout: timeoutMs },
    )
    .toBe(`volumeCount ${volumeCount}`);
}

/** Destroys transient pools whose target lies below POOLS_ROOT (left by a crashed run). */
export async function sweepStalePools(): Promise<string[]> {
  const swept: string[] = [];
  for (const name of await poolNames()) {
    const xml = await tryVirsh('pool-dumpxml', '--pool', name);
    const target = xml && /<target>\s*<path>([^<]*)<\/path>/.exec(xml)?.[1];
    if (!target || !(target + '/').startsWith(POOLS_ROOT + '/')) continue;
    await tryVirsh('pool-destroy', '--pool', name);
    await tryVirsh('pool-undefine', '--pool', name);
    swept.push(name);
  }
  await fs.rm(POOLS_ROOT, { recursive: true, force: true });
  return swept;
}
