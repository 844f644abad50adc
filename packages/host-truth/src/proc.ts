/**
 * Who holds a path on this machine, read from /proc: processes with an fd open on it, and
 * the byte movers (dd, qemu-img, scrub, libvirt's iohelper, a streaming virsh) naming it in
 * their argv. The sandbox "host" is this machine, so /proc is the host's ground truth.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Holder {
  pid: number;
  comm: string;
  detail: string;
}

const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d) && d !== String(process.pid));
const comm = (pid: string) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

/** Every fd of every process (but this one) whose link is in `links`, as it is now. */
export function fdsLinkedTo(
  links: ReadonlySet<string>,
): { pid: string; fd: string; link: string }[] {
  const found: { pid: string; fd: string; link: string }[] = [];
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or a kernel thread
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (links.has(link)) found.push({ pid, fd, link });
      } catch {
        // closed meanwhile
      }
    }
  }
  return found;
}

/** Processes with an fd open on one of `paths` (deleted files count: they still hold it). */
export function openersOf(paths: readonly string[]): Holder[] {
  const wanted = new Set(paths.flatMap((p) => [p, `${p} (deleted)`]));
  const found: Holder[] = [];
  for (const { pid, fd, link } of fdsLinkedTo(wanted)) {
    try {
      found.push({ pid: Number(pid), comm: comm(pid), detail: `fd ${fd} -> ${link}` });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * The kernel's file position of every fd open on `path` (fdinfo `pos:`): for a sequential
 * writer such as dd, the bytes it has written so far. Empty when nothing holds the path.
 */
export function fdPositions(path: string): number[] {
  const positions: number[] = [];
  for (const { pid, fd } of fdsLinkedTo(new Set([path]))) {
    try {
      const info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
      const pos = /^pos:\s*(\d+)/m.exec(info);
      if (pos) positions.push(Number(pos[1]));
    } catch {
      // closed meanwhile
    }
  }
  return positions;
}

const WORKERS = new Set([
  'dd',
  'qemu-img',
  'scrub',
  'virsh',
  'libvirt_iohelpe' /* comm is cut at 15 chars */,
]);

const STREAMS = new Set(['vol-upload', 'vol-download']);

/** Byte movers with one of `needles` in an argv entry (dd's `of=PATH` counts). */
export function workersFor(needles: readonly string[]): Holder[] {
  const found: Holder[] = [];
  for (const pid of pids()) {
    try {
      const name = comm(pid);
      if (!WORKERS.has(name)) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      // A virsh client moves bytes only when it carries a stream; one waiting for the
      // daemon's answer to vol-create-from or vol-wipe does no I/O (libvirt's qemu-img or
      // scrub child does, and is counted itself).
      if (name === 'virsh' && !argv.some((a) => STREAMS.has(a))) continue;
      if (argv.some((arg) => needles.some((n) => arg.includes(n)))) {
        found.push({ pid: Number(pid), comm: name, detail: JSON.stringify(argv.filter(Boolean)) });
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export interface HostActivity {
  holders: Holder[];
  workers: Holder[];
}

/** Everything that still touches these paths: openers of `paths`, movers naming `needles`. */
export function activityOn(
  paths: readonly string[],
  needles: readonly string[] = paths,
): HostActivity {
  return { holders: openersOf(paths), workers: workersFor(needles) };
}

export const isQuiet = (a: HostActivity) => a.holders.length === 0 && a.workers.length === 0;

/** One line per holder, stable order: "<pid> <comm> <detail>". */
export const describeActivity = (a: HostActivity): string[] =>
  [...a.holders, ...a.workers].map((h) => `${h.pid} ${h.comm} ${h.detail}`).sort();
