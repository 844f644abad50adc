import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Spawns a long-lived virsh (argv only) that dies with the BFF. `virsh pool-event --loop`
 * never reads stdin and would outlive a BFF killed with -9; setpriv (util-linux, always on
 * Debian) asks the kernel to send it SIGTERM when its parent dies.
 */
export function spawnTiedVirsh(args: string[], options: SpawnOptions): ChildProcess {
  return spawnTied('virsh', args, options);
}

/** Any program (argv only) that dies with the BFF: ssh for host scripts, virsh streams. */
export function spawnTied(program: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn('setpriv', ['--pdeathsig', 'SIGTERM', '--', program, ...args], options);
}
