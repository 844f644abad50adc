/** The 1000-volume transient dir pool the bench lists. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_URI, POOL, POOL_DIR, VOLUMES } from './env.js';
import { run, tryRun } from './proc.js';

const virsh = (...args: string[]) =>
  run('virsh', ['-c', LOCAL_URI, ...args], { ...process.env, LC_ALL: 'C.UTF-8' });

const KINDS = [
  'vm',
  'data',
  'scratch',
  'backup',
  'ci-runner',
  'db-replica',
  'web',
  'cache disk',
  'ünïcode',
];
const EXTS = ['.raw', '.img', ''];

/** Varied but deterministic: different prefixes and lengths, a few spaces and non-ASCII. */
export function volumeName(i: number): string {
  const kind = KINDS[i % KINDS.length]!;
  const ext = EXTS[i % EXTS.length]!;
  return `${kind}-${String(i).padStart(4, '0')}${i % 7 === 0 ? '-snapshot-2025-11-25' : ''}${ext}`;
}

async function poolTarget(): Promise<string | null> {
  const xml = await tryRun('virsh', ['-c', LOCAL_URI, 'pool-dumpxml', '--pool', POOL]);
  return xml === null ? null : (/<target>\s*<path>([^<]*)<\/path>/.exec(xml)?.[1] ?? '');
}

export async function destroyPool(): Promise<void> {
  const target = await poolTarget();
  if (target === POOL_DIR) await tryRun('virsh', ['-c', LOCAL_URI, 'pool-destroy', '--pool', POOL]);
  await fs.rm(POOL_DIR, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/** Stops early (throws) once `signal` is aborted, so a Ctrl-C clean-up does not race it. */
export async function createPool(signal: AbortSignal): Promise<void> {
  const target = await poolTarget();
  if (target !== null && target !== POOL_DIR) {
    throw new Error(
      `a pool named ${POOL} already exists with target ${target}: not ours, not touching it`,
    );
  }
  await destroyPool(); // a leftover of an interrupted run
  await fs.mkdir(POOL_DIR, { recursive: true });
  for (let i = 0; i < VOLUMES; i++) {
    signal.throwIfAborted();
    const fh = await fs.open(path.join(POOL_DIR, volumeName(i)), 'wx');
    await fh.truncate(1 << 20); // 1 MiB, sparse
    await fh.close();
  }
  signal.throwIfAborted();
  await virsh('pool-create-as', '--name', POOL, '--type', 'dir', '--target', POOL_DIR);
  await virsh('pool-refresh', '--pool', POOL);
}
