import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths } from '@poolwatch/shared';
import { runJob, startStack, type Stack } from '../test-support/jobs.js';
import { testDataDir, virsh } from '../test-support/sandbox.js';

/** Pool jobs through HTTP on the real daemon; ground truth from local virsh and the file system. */
const H = 'sandbox';

interface NewPool {
  name: string;
  dir: string;
}

describe('pool jobs on the real host', () => {
  let stack: Stack;
  const made: NewPool[] = [];

  const newPool = (what: string): NewPool => {
    const id = randomBytes(3).toString('hex');
    const pool = { name: `pw-int ${what}-${id}`, dir: join(testDataDir, 'pools', `${what}-${id}`) };
    made.push(pool);
    return pool;
  };
  const info = (name: string): Record<string, string> =>
    Object.fromEntries(
      virsh('pool-info', '--', name)
        .split('\n')
        .map((line) => /^([A-Za-z]+):\s+(.*)$/.exec(line))
        .flatMap((m) => (m ? [[m[1]!, m[2]!.trim()]] : [])),
    );
  const defined = (name: string) =>
    virsh('pool-list', '--all', '--name')
      .split('\n')
      .map((line) => line.trim())
      .includes(name);
  const define = (pool: NewPool) =>
    runJob(stack, 'POST', apiPaths.pools(H), {
      name: pool.name,
      type: 'dir',
      target: pool.dir,
      build: true,
      start: true,
    });

  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    for (const pool of made) {
      for (const command of ['pool-destroy', 'pool-undefine']) {
        try {
          virsh(command, '--', pool.name);
        } catch {
          // not running / not defined
        }
      }
      rmSync(pool.dir, { recursive: true, force: true });
    }
  });

  test('define (dir: build + start), stop, start, refresh, autostart on/off, undefine keeping the data', async () => {
    const pool = newPool('define');
    expect(existsSync(pool.dir)).toBe(false);
    const job = await define(pool);
    expect(job).toMatchObject({
      kind: 'pool.define',
      cancellable: false,
      target: { pool: pool.name },
    });
    expect(info(pool.name)).toMatchObject({ State: 'running', Persistent: 'yes', Autostart: 'no' });
    expect(statSync(pool.dir).isDirectory()).toBe(true); // pool-build made it
    expect(virsh('pool-dumpxml', '--', pool.name)).toContain(`<path>${pool.dir}</path>`);

    await runJob(stack, 'POST', apiPaths.poolAction(H, pool.name, 'stop'));
    expect(info(pool.name).State).toBe('inactive');
    await runJob(stack, 'POST', apiPaths.poolAction(H, pool.name, 'start'));
    expect(info(pool.name).State).toBe('running');

    writeFileSync(join(pool.dir, 'by hand.raw'), Buffer.alloc(4096, 1));
    expect(virsh('vol-list', '--pool', pool.name)).not.toContain('by hand.raw');
    await runJob(stack, 'POST', apiPaths.poolAction(H, pool.name, 'refresh'));
    expect(virsh('vol-list', '--pool', pool.name)).toContain(`${pool.dir}/by hand.raw`);

    await runJob(stack, 'PUT', apiPaths.poolAutostart(H, pool.name), { autostart: true });
    expect(info(pool.name).Autostart).toBe('yes');
    await runJob(stack, 'PUT', apiPaths.poolAutostart(H, pool.name), { autostart: false });
    expect(info(pool.name).Autostart).toBe('no');

    const undefine = await runJob(stack, 'DELETE', apiPaths.pool(H, pool.name));
    expect(undefine.kind).toBe('pool.undefine');
    expect(defined(pool.name)).toBe(false);
    expect(readFileSync(join(pool.dir, 'by hand.raw')).equals(Buffer.alloc(4096, 1))).toBe(true);
  });

  test('delete with data removes every volume and the directory', async () => {
    const pool = newPool('delete');
    await define(pool);
    virsh('vol-create-as', '--pool', pool.name, '--name', 'a vol.raw', '--capacity', '1M');
    virsh(
      'vol-create-as',
      '--pool',
      pool.name,
      '--name',
      "b'vol.qcow2",
      '--capacity',
      '1M',
      '--format',
      'qcow2',
    );
    expect(existsSync(join(pool.dir, "b'vol.qcow2"))).toBe(true);

    const job = await runJob(stack, 'DELETE', `${apiPaths.pool(H, pool.name)}?deleteData=true`);
    expect(job.kind).toBe('pool.delete');
    expect(defined(pool.name)).toBe(false);
    expect(existsSync(pool.dir)).toBe(false);
  });
});
