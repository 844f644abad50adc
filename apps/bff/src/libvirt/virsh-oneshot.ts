import { execFile } from 'node:child_process';
import type { VirshArgs } from './virsh-command.js';
import type { VirshResult } from './virsh-result.js';

/**
 * A one-shot `virsh -c URI <args...>`: argv only, no shell. It pays a fresh connection
 * (~350 ms over SSH), so it is only used for what the interactive session cannot carry:
 * names holding a newline or another control character, and the first connection test.
 * args[0] is always a command name, so virsh never re-parses a data token as a command
 * line (a lone argument would be split at `;`).
 */
export function runVirshOnce(
  uri: string,
  args: VirshArgs,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  readOnly = false,
): Promise<VirshResult> {
  const argv = [...(readOnly ? ['-r'] : []), '-c', uri, ...args];
  return new Promise((resolve, reject) => {
    // setsid (util-linux): virsh in a session of its own, without the BFF's controlling
    // terminal (spawn-tied.ts, NO_TERMINAL; execFile has no `detached`). Not a group
    // leader, so setsid execs virsh in place: the PID execFile times out is virsh's.
    execFile(
      'setsid',
      ['-w', 'virsh', ...argv],
      { env, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        // 127: setsid could not find virsh.
        const code: unknown = (error as { code?: unknown } | null)?.code;
        if (code === 'ENOENT' || code === 127) {
          reject(new Error('virsh is not installed (Debian package libvirt-clients)'));
          return;
        }
        if (error?.killed) {
          reject(new Error(`virsh ${args[0]} did not answer within ${timeoutMs} ms`));
          return;
        }
        resolve({ stdout, stderr, ok: !error && stderr.trim() === '' });
      },
    );
  });
}
