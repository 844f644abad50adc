/**
 * Parses `virsh version --daemon`. On a host without any hypervisor emulator virsh stops
 * at "failed to get the hypervisor version" before printing the daemon line: then the
 * daemon's version is unknown (null), not guessed from the client library.
 */
export function parseDaemonVersion(output: string): string | null {
  const match = /^Running against daemon:\s+(\S+)\s*$/m.exec(output);
  return match ? match[1]! : null;
}
