/** The transient dir pool of the jobs bench, with one 1 GiB volume of random bytes. */
import { randomFillSync } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GIB, JOBS_POOL, JOBS_POOL_DIR, LOCAL_URI } from './env.js';
import { run, tryRun } from './proc.js';

export const SOURCE_VOLUME = 'source.raw';
export const SOURCE_FILE = path.join(JOBS_POOL_DIR, SOURCE_VOLUME);

const localEnv = () => ({ ...process.env, LC_ALL: 'C.UTF-8' });
const virsh = (...args: string[]) => run('virsh', ['-c', LOCAL_URI, ...args], localEnv());

async function poolTarget(): Promise<string | null> {
  const xml = await tryRun('virsh', ['-c', LOCAL_URI, 'pool-dumpxml', '--pool', JOBS_POOL]);
  return xml === null ? null : (/<target>\s*<path>([^<]*)<\/path>/.exec(xml)?.[1] ?? '');
}

export async function destroyJobsPool(): Promise<void> {
  const target = await poolTarget();
  if (target === JOBS_POOL_DIR)
    await tryRun('virsh', ['-c', LOCAL_URI, 'pool-destroy', '--pool', JOBS_POOL]);
  await fs.rm(JOBS_POOL_DIR, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/**
 * Random bytes, fully allocated: a clone (dd conv=sparse skips zero blocks) then writes
 * every byte, so the target's allocation is a true count of the bytes written.
 * A 16 MiB random block repeated: incompressible for ssh and the page cache alike.
 */
async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const block = randomFillSync(Buffer.alloc(16 << 20));
  const fh = await fs.open(file, 'wx');
  try {
    for (let done = 0; done < bytes; done += block.length) {
      await fh.write(block, 0, Math.min(block.length, bytes - done));
    }
  } finally {
    await fh.close();
  }
}

export async function createJobsPool(signal: AbortSignal): Promise<void> {
  const target = await poolTarget();
  if (target !== null && target !== JOBS_POOL_DIR) {
    throw new Error(`a pool named ${JOBS_POOL} already exists with target ${target}: not ours`);
  }
  await destroyJobsPool(); // a leftover of an interrupted run
  await fs.mkdir(JOBS_POOL_DIR, { recursive: true });
  await writeRandomFile(SOURCE_FILE, GIB);
  signal.throwIfAborted();
  await virsh('pool-create-as', '--name', JOBS_POOL, '--type', 'dir', '--target', JOBS_POOL_DIR);
  await virsh('pool-refresh', '--pool', JOBS_POOL);
}

/** A raw volume for raw vol-upload to write into (sparse, like the BFF's own create). */
export const createVolume = (name: string, bytes: number) =>
  virsh('vol-create-as', '--pool', JOBS_POOL, '--format', 'raw', '--', name, String(bytes));

export const deleteVolume = async (name: string) => {
  await tryRun(
    'virsh',
    ['-c', LOCAL_URI, 'vol-delete', '--pool', JOBS_POOL, '--', name],
    localEnv(),
  );
};

/** Flush dirty pages between timed transfers so one's write-back does not slow the next. */
export const sync = () => run('sync', []);

/** cmp exits 0 only on identical bytes: a transfer that is fast but wrong must not count. */
export async function sameBytes(a: string, b: string): Promise<boolean> {
  return (await tryRun('cmp', ['--silent', a, b])) !== null;
}
