/**
 * The line protocol of host-scripts/scan.sh (what libvirtd does for anyone on the host),
 * parsed in one place. Paths and argv travel as hex, so any byte in a name survives.
 */

/** A qemu-img or scrub process whose parent is libvirtd. */
export interface ScanChild {
  pid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat): tells pid reuse. */
  start: string;
  rchar: number;
  wchar: number;
  argv: string[];
  /** The argv exactly as read (hex of /proc/<pid>/cmdline), echoed back to cancel it. */
  argvHex: string;
}

/** One of libvirtd's own fds open on a file inside a pool target. */
export interface ScanFd {
  fd: number;
  /** O_ACCMODE of the fd's flags: how libvirtd opened the file. */
  access: 'read' | 'write' | 'read-write';
  /** The kernel's file position: bytes read or written so far by sequential I/O. */
  pos: number;
  path: string;
}

export interface ScanSample {
  /** When the host took the sample (epoch ms, the host's clock). */
  at: number;
  children: ScanChild[];
  fds: ScanFd[];
}

export type ScanEvent =
  | { type: 'daemon'; pid: number }
  | { type: 'unreadable'; reason: string }
  | { type: 'sample'; sample: ScanSample }
  | { type: 'killed'; pid: number }
  | { type: 'kill-refused'; pid: number; reason: string };

const COUNT = /^\d+$/;
const HEX = /^(?:[0-9a-f]{2})*$/;

function count(text: string | undefined, what: string): number {
  if (text === undefined || !COUNT.test(text)) throw new Error(`scan: bad ${what}: ${text}`);
  return Number(text);
}

function fromHex(text: string | undefined, what: string): string {
  if (text === undefined || !HEX.test(text)) throw new Error(`scan: bad ${what} hex`);
  return Buffer.from(text, 'hex').toString('utf8');
}

const ACCESS: Record<number, ScanFd['access']> = { 0: 'read', 1: 'write', 2: 'read-write' };

/**
 * Feed it stdout lines in order; it returns an event when one is complete (a sample at its
 * `E`). A malformed line throws: the scan script and this parser ship together.
 */
export class ScanParser {
  private current: ScanSample | null = null;

  push(line: string): ScanEvent | null {
    const words = line.split(' ');
    const tag = words[0];
    switch (tag) {
      case 'D':
        return { type: 'daemon', pid: count(words[1], 'daemon pid') };
      case 'U':
        return { type: 'unreadable', reason: line.slice(2) };
      case 'k':
        return { type: 'killed', pid: count(words[1], 'pid') };
      case 'x':
        return {
          type: 'kill-refused',
          pid: count(words[1], 'pid'),
          reason: words.slice(2).join(' '),
        };
      case 'S': {
        const at = Number(words[1]);
        if (!Number.isFinite(at)) throw new Error(`scan: bad sample time: ${words[1]}`);
        this.current = { at: Math.round(at * 1000), children: [], fds: [] };
        return null;
      }
      case 'C': {
        const argvHex = words[5] ?? '';
        const argv = fromHex(argvHex, 'argv').split('\0');
        if (argv.at(-1) === '') argv.pop(); // cmdline ends with a NUL
        this.sample().children.push({
          pid: count(words[1], 'pid'),
          start: String(count(words[2], 'start time')),
          rchar: count(words[3], 'rchar'),
          wchar: count(words[4], 'wchar'),
          argv,
          argvHex,
        });
        return null;
      }
      case 'O': {
        const flags = words[2];
        if (flags === undefined || !/^[0-7]+$/.test(flags)) throw new Error(`scan: bad flags`);
        const access = ACCESS[parseInt(flags, 8) & 3];
        if (access === undefined) throw new Error(`scan: bad access mode in ${flags}`);
        this.sample().fds.push({
          fd: count(words[1], 'fd'),
          access,
          pos: count(words[3], 'pos'),
          path: fromHex(words[4], 'path'),
        });
        return null;
      }
      case 'E': {
        const sample = this.sample();
        this.current = null;
        return { type: 'sample', sample };
      }
      default:
        throw new Error(`scan: unknown record ${JSON.stringify(line.slice(0, 40))}`);
    }
  }

  private sample(): ScanSample {
    if (this.current === null) throw new Error('scan: record outside a sample');
    return this.current;
  }
}
