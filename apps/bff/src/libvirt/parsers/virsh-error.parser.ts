export type VirshErrorKind = 'not_found' | 'unreachable' | 'inactive' | 'other';

/** Turns virsh's stderr ("error: a\nerror: b") into one human message. */
export function virshErrorMessage(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => line.replace(/^error:\s*/, '').trim())
    .filter(Boolean)
    .join(': ');
}

/** Classifies a virsh error by libvirt's own wording (virErrorNumber texts). */
export function classifyVirshError(message: string): VirshErrorKind {
  if (
    /Storage (pool|volume) not found|no storage (pool|vol) with matching|Domain not found|no domain with matching/.test(
      message,
    )
  )
    return 'not_found';
  if (
    /failed to connect to the hypervisor|Cannot recv data|Cannot write data|End of file while reading|no valid connection|Broken pipe|Disconnected from|keepalive/i.test(
      message,
    )
  ) {
    return 'unreachable';
  }
  if (/is not active|not running/.test(message)) return 'inactive';
  return 'other';
}

/**
 * When the daemon restarts (or the link blips), interactive virsh reconnects by itself
 * before the next command and says so on stderr: "error: Disconnected from URI due to end
 * of file" and "error: Reconnected to the hypervisor". Those lines are notices, not the
 * command's failure: strip them, and report that a reconnect happened.
 */
const RECONNECT_NOTICE =
  /^error: (Disconnected from \S+ due to .*|Reconnected to the hypervisor)\n?/gm;

export function stripReconnectNotices(stderr: string): { stderr: string; reconnected: boolean } {
  const stripped = stderr.replace(RECONNECT_NOTICE, '');
  return { stderr: stripped, reconnected: stripped !== stderr };
}
