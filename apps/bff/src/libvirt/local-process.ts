import { readFileSync } from 'node:fs';

/**
 * Stops a process on this machine that an interrupted job started (a streaming virsh), found
 * by the pid it recorded and checked against the exact argv it recorded: a pid reused by
 * anything else since is left alone. Streaming virsh processes die with the BFF anyway
 * (spawnTied); this covers a graceful stop and a parent-death signal that was lost.
 */
export type LocalStop = 'stopped' | 'gone';

function argvOf(pid: number): string[] | null {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv.at(-1) === '') argv.pop();
    return argv;
  } catch {
    return null;
  }
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export async function stopLocalProcess(pid: number, argv: readonly string[]): Promise<LocalStop> {
  const now = argvOf(pid);
  if (now === null || !same(now, argv)) return 'gone';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'gone';
  }
  for (let i = 0; i < 30; i += 1) {
    const still = argvOf(pid);
    if (still === null || !same(still, argv)) return 'stopped';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // exited between the check and the kill
  }
  return 'stopped';
}
