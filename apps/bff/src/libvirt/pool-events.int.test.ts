import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { sandboxHost } from '../test-support/sandbox.js';

/** `virsh ... pool-event` processes that are children of `parent`. */
function watcherPids(parent: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return out
    .split('\n')
    .filter((line) => line.includes('virsh') && line.includes('pool-event'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

test('pool-event watchers die with a BFF killed by SIGKILL', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/test-support/pool-events.child.ts', sandboxHost.uri],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [ready] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(ready.toString()).toContain('ready');
  await expect.poll(() => watcherPids(child.pid!).length).toBe(2);
  const watchers = watcherPids(child.pid!);

  child.kill('SIGKILL');
  await once(child, 'exit');
  // Reparented to init by now: check the recorded pids themselves.
  await expect
    .poll(() => watchers.filter((pid) => existsSync(`/proc/${pid}`)), { timeout: 5000 })
    .toEqual([]);
});
