import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * Finds, by PIDs and sockets only (never by a process name), the sshd processes serving
 * one ssh client of a BFF: the client is the BFF's child whose argv holds `marker` (e.g.
 * the host agent's `poolwatch-agent`); its TCP connection's local port identifies the
 * server side, and the sshd processes are those holding that connection's other end.
 */
function pids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

interface TcpRow {
  localPort: number;
  remotePort: number;
  inode: string;
}

function tcpRows(): TcpRow[] {
  const rows: TcpRow[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(file) ?? '').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const port = (addr: string) => parseInt(addr.split(':')[1] ?? '0', 16);
      rows.push({ localPort: port(cols[1]!), remotePort: port(cols[2]!), inode: cols[9]! });
    }
  }
  return rows;
}

/** PIDs of the sshd processes serving the ssh child of `parentPid` whose argv holds `marker`. */
export function sshdServing(parentPid: number, marker: string, sshPort: number): number[] {
  const client = pids().find((pid) => {
    const stat = read(`/proc/${pid}/stat`);
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : -1;
    return ppid === parentPid && (read(`/proc/${pid}/cmdline`) ?? '').includes(marker);
  });
  if (client === undefined) return [];
  const rows = tcpRows();
  const mine = socketInodes(client);
  const clientPorts = rows
    .filter((r) => mine.has(r.inode) && r.remotePort === sshPort)
    .map((r) => r.localPort);
  const serverInodes = new Set(
    rows
      .filter((r) => r.localPort === sshPort && clientPorts.includes(r.remotePort))
      .map((r) => r.inode),
  );
  return pids().filter(
    (pid) => pid !== client && [...socketInodes(pid)].some((i) => serverInodes.has(i)),
  );
}
