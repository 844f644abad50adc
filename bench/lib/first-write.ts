/**
 * Ground truth for "the first byte is written on the host": the sandbox host is this
 * machine, so a /proc pass finds every process with an fd open on the target and reads the
 * kernel's file position of that fd (`pos:` in fdinfo). Both paths are seen the same way:
 * libvirtd's in-daemon copy (raw `virsh vol-clone`) and Poolwatch's dd.
 */
import { readFileSync } from 'node:fs';
import { fdsLinkedTo } from '@poolwatch/host-truth';

/** The largest fd position on `path` over all processes now (0 when none is open). */
function writtenOn(path: string): number {
  let best = 0;
  for (const { pid, fd } of fdsLinkedTo(new Set([path]))) {
    try {
      const pos = /^pos:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      if (pos) best = Math.max(best, Number(pos[1]));
    } catch {
      // closed meanwhile
    }
  }
  return best;
}

/**
 * Resolves with Date.now() at the first pass that sees a byte written on `path` (or null
 * once `stop` resolves first, or after `timeoutMs`). Passes run back to back, 2 ms apart.
 */
export function firstWrite(
  path: string,
  stop: Promise<unknown>,
  timeoutMs = 60_000,
): Promise<number | null> {
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const pass = () => {
      if (writtenOn(path) > 0) return resolve(Date.now());
      if (stopped || Date.now() > deadline) return resolve(null);
      setTimeout(pass, 2);
    };
    pass();
  });
}
