/**
 * What the SSH user can do on a host (host-scripts/caps.sh), parsed. Decides which path
 * a job takes: Poolwatch's own killable movers need root (they write the pool's files and
 * signal the daemon's children); without it, jobs fall back to libvirt's own calls and say
 * that they cannot be measured or cancelled.
 */
export interface HostCaps {
  uid: number | null;
  user: string;
  tools: Set<string>;
  /** Can /proc/<daemon>/io be read? null when no storage daemon process was found. */
  daemonReadable: boolean | null;
}

export function parseHostCaps(lines: readonly string[]): HostCaps {
  const caps: HostCaps = { uid: null, user: '?', tools: new Set(), daemonReadable: null };
  for (const line of lines) {
    const [key, value = '', extra] = line.split(' ');
    if (key === 'uid') caps.uid = /^\d+$/.test(value) ? Number(value) : null;
    else if (key === 'user') caps.user = value;
    else if (key === 'tool') caps.tools.add(value);
    else if (key === 'daemon' && value !== 'none') caps.daemonReadable = extra === 'readable';
  }
  return caps;
}
