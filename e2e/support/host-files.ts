/**
 * Big test files and what libvirt makes of them: scratch space below POOLS_ROOT, a volume's
 * bytes as libvirt streams them, the 1 GiB random source. Generic host truth (allocation,
 * holders, hashes) lives in @poolwatch/host-truth.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { sha256File, writeFilled } from '@poolwatch/host-truth';
import { POOLS_ROOT } from './env.js';
import { untilBffLists, uniqueName } from './pools.js';
import { virsh } from './virsh.js';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** A scratch directory below POOLS_ROOT (so globalSetup sweeps it after a crash). */
export async function scratchDir(prefix: string): Promise<string> {
  const dir = path.join(POOLS_ROOT, uniqueName(prefix));
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

/** sha256 of the volume's bytes as libvirt streams them (`virsh vol-download`). */
export async function volumeSha256(pool: string, volume: string, scratch: string) {
  const file = path.join(scratch, uniqueName('vol-download'));
  try {
    await virsh('vol-download', '--pool', pool, '--', volume, file);
    return await sha256File(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** Makes libvirt (and then the BFF) see files written behind its back. */
export async function refreshPool(pool: string, volumeCount: number) {
  await virsh('pool-refresh', '--pool', pool);
  await untilBffLists(pool, volumeCount);
}

/** The 1 GiB random source: the demo pool's when present, else one written into `pool`. */
export async function randomGiBSource(pool: {
  name: string;
  file(volume: string): string;
}): Promise<{ pool: string; volume: string }> {
  const demo = await volInfoOrNull('demo-golden', 'random-1g.raw');
  if (demo && demo.capacity === GiB && demo.allocation >= GiB)
    return { pool: 'demo-golden', volume: 'random-1g.raw' };
  return randomSource(pool, GiB);
}

/** A fully written random raw volume of `bytes` in `pool` (its only volume). */
export async function randomSource(
  pool: { name: string; file(volume: string): string },
  bytes: number,
): Promise<{ pool: string; volume: string }> {
  const volume = `random-${bytes / MiB}m.raw`;
  await writeFilled(pool.file(volume), bytes, 'random');
  await refreshPool(pool.name, 1);
  return { pool: pool.name, volume };
}

async function volInfoOrNull(pool: string, volume: string) {
  const xml = await virsh('vol-dumpxml', '--pool', pool, '--', volume).catch(() => null);
  if (!xml) return null;
  const capacity = Number(/<capacity[^>]*>(\d+)</.exec(xml)?.[1]);
  const allocation = Number(/<allocation[^>]*>(\d+)</.exec(xml)?.[1]);
  return { capacity, allocation };
}
