import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Spawns a long-lived virsh (argv only) that dies with the BFF. `virsh pool-event --loop`
 * never reads stdin and would outlive a BFF killed with -9; setpriv (util-linux, always on
 * Debian) asks the kernel to send it SIGTERM when its parent dies.
 */
export function spawnTiedVirsh(args: string[], options: SpawnOptions): ChildProcess {
  return spawnTied('virsh', args, options);
}

/**
 * Any program (argv only) that dies with the BFF: ssh for host scripts, virsh streams.
 * `detached`: in a session of its own, without the BFF's controlling terminal (see
 * NO_TERMINAL); pdeathsig, not the terminal's Ctrl-C, ends it with the BFF.
 */
export function spawnTied(program: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn('setpriv', ['--pdeathsig', 'SIGTERM', '--', program, ...args], {
    ...options,
    ...NO_TERMINAL,
  });
}

/**
 * virsh started by a BFF that has a controlling terminal (`scripts/dashboard.sh` or
 * `pnpm start` run by a person) tries to start a polkit agent on it and writes
 * "Authorization not available. Check if polkit service is running…" to stderr, even for
 * a connection that then works; the adapter reads stderr as failure, so the host showed
 * as unreachable. A new session (setsid) has no controlling terminal.
 */
export const NO_TERMINAL = { detached: true } as const;
