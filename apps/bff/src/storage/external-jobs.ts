import type { JobKind, JobParamsOf, JobTarget, WipeAlgorithm } from '@poolwatch/shared';
import { WipeAlgorithmSchema } from '@poolwatch/shared';
import { libvirtChildBytes } from '../libvirt/libvirt-child.js';
import type { ScanChild, ScanFd, ScanSample } from '../libvirt/parsers/scan.parser.js';
import { WIPE_PASSES } from './wipe-algorithms.js';

/**
 * Maps what host-scripts/scan.sh saw libvirtd doing to jobs (pure: the watcher feeds it
 * samples and the inventory). The table, and what the host cannot tell apart:
 *
 * | libvirtd shows                                  | kind            | progress / total                        | cancel            |
 * | child `qemu-img convert … SRC DST`              | volume.clone    | child's io rchar / SRC allocation       | SIGTERM the child |
 * | child `scrub -f -p ALG PATH`                    | volume.wipe     | child's io rchar+wchar / passes × size  | SIGTERM the child |
 * | fd read-write on A + fd read-only on B          | volume.clone    | A's fd pos / B's capacity               | no: in-daemon     |
 * | fd read-write on A alone                        | volume.wipe     | pos / A's capacity (zero algorithm)     | no: in-daemon     |
 * | fd write-only on A                              | volume.upload   | pos, no total (the stream's length)     | no: the client's  |
 * | fd read-only on A alone                         | volume.download | pos / A's capacity                      | no: the client's  |
 *
 * libvirt 9 opens a clone target O_RDWR then its source O_RDONLY, a zero wipe O_RDWR, an
 * upload O_WRONLY and a download O_RDONLY (recorded in fixtures/scan-virsh-jobs.txt). A
 * raw clone and a raw `vol-create-from` look the same (both are `volume.clone`); which
 * client asked (virsh, virt-manager) is not visible at all. With several in-daemon copies
 * at once, a target is paired with the lowest-numbered read fd opened after it.
 */

export interface KnownVolume {
  pool: string;
  name: string;
  path: string;
  capacity: number | null;
  allocation: number | null;
}

/** The child to SIGTERM: only if pid, start time and argv are still exactly these. */
export interface ExternalCancel {
  pid: number;
  start: string;
  argvHex: string;
  comm: 'qemu-img' | 'scrub';
}

export interface Observation {
  /** Stable while the same work goes on (pid + start time, or fd + path). */
  key: string;
  kind: JobKind;
  target: JobTarget;
  /** Every path the work touches: Poolwatch's own jobs on any of them exclude it. */
  paths: string[];
  processed: number;
  total: number | null;
  source: string;
  cancel: ExternalCancel | null;
  cancelNote: string | null;
  params: JobParamsOf<'external'>;
}

export type VolumeLookup = (path: string) => KnownVolume | null;

const IN_DAEMON =
  'libvirt copies inside its daemon (no process to stop): cancelling would need libvirtd itself';
const STREAM_NOTE = 'a stream of the client that started it: only that client can stop it';

function targetOf(primary: KnownVolume | null, path: string, other?: KnownVolume | null) {
  const base = primary ?? unknownVolume(path);
  const target: JobTarget = {
    pool: base.pool,
    volume: base.name,
    targetPool: null,
    targetVolume: null,
  };
  if (other !== undefined) {
    const src = other ?? unknownVolume('');
    return { pool: src.pool, volume: src.name, targetPool: base.pool, targetVolume: base.name };
  }
  return target;
}

function unknownVolume(path: string): KnownVolume {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return { pool: '?', name, path, capacity: null, allocation: null };
}

function fromChild(child: ScanChild, lookup: VolumeLookup): Observation | null {
  const comm = child.argv[0]?.endsWith('qemu-img')
    ? 'qemu-img'
    : child.argv[0] === 'scrub' || child.argv[0]?.endsWith('/scrub')
      ? 'scrub'
      : null;
  const cancel: ExternalCancel | null =
    comm === null ? null : { pid: child.pid, start: child.start, argvHex: child.argvHex, comm };
  const key = `child:${child.pid}:${child.start}`;
  if (comm === 'qemu-img' && child.argv[1] === 'convert' && child.argv.length >= 4) {
    const src = child.argv.at(-2)!;
    const dst = child.argv.at(-1)!;
    const source = lookup(src);
    return {
      key,
      kind: 'volume.clone',
      target: targetOf(lookup(dst), dst, source),
      paths: [src, dst],
      processed: libvirtChildBytes('qemu-img', child.rchar, child.wchar),
      total: source?.allocation ?? null,
      source: `host /proc/${child.pid}/io rchar of libvirt's qemu-img convert vs the source's allocation`,
      cancel,
      cancelNote:
        "cancel SIGTERMs libvirt's qemu-img: libvirt fails the call and removes the target",
      params: { kind: 'external', via: 'qemu-img convert' },
    };
  }
  if (comm === 'scrub') {
    const path = child.argv.at(-1)!;
    const p = child.argv.indexOf('-p');
    const method = WipeAlgorithmSchema.safeParse(p >= 0 ? child.argv[p + 1] : undefined);
    const algorithm: WipeAlgorithm | null = method.success ? method.data : null;
    const volume = lookup(path);
    const passes = algorithm === null ? null : WIPE_PASSES[algorithm];
    return {
      key,
      kind: 'volume.wipe',
      target: targetOf(volume, path),
      paths: [path],
      processed: libvirtChildBytes('scrub', child.rchar, child.wchar),
      total: passes === null || volume?.capacity == null ? null : passes * volume.capacity,
      source: `host /proc/${child.pid}/io rchar+wchar of libvirt's scrub vs passes × size`,
      cancel,
      cancelNote: "cancel SIGTERMs libvirt's scrub: the passes already written stay written",
      params: algorithm === null ? { kind: 'external' } : { kind: 'external', algorithm },
    };
  }
  return null;
}

function fdObservation(
  fd: ScanFd,
  kind: JobKind,
  lookup: VolumeLookup,
  total: (v: KnownVolume | null) => number | null,
  note: string,
  source?: ScanFd,
): Observation {
  const volume = lookup(fd.path);
  const how = { read: 'read-only', write: 'write-only', 'read-write': 'read-write' }[fd.access];
  return {
    key: `fd:${kind}:${fd.fd}:${fd.path}`,
    kind,
    target:
      source === undefined
        ? targetOf(volume, fd.path)
        : targetOf(volume, fd.path, lookup(source.path)),
    paths: source === undefined ? [fd.path] : [source.path, fd.path],
    processed: fd.pos,
    total: total(source === undefined ? volume : lookup(source.path)),
    source: `host fdinfo pos of libvirtd's fd ${fd.fd} (${how}) on the volume`,
    cancel: null,
    cancelNote: note,
    params: { kind: 'external' },
  };
}

/** Everything external in one sample, minus work on `claimed` paths (Poolwatch's own). */
export function observe(
  sample: ScanSample,
  lookup: VolumeLookup,
  claimed: ReadonlySet<string>,
): Observation[] {
  const found: Observation[] = [];
  const byChild = new Set<string>();
  for (const child of sample.children) {
    const o = fromChild(child, lookup);
    if (o === null) continue;
    o.paths.forEach((p) => byChild.add(p));
    found.push(o);
  }
  // libvirtd's own fd on a path a child works on (it opens the volume for scrub) is that job.
  const fds = sample.fds.filter((f) => !byChild.has(f.path)).sort((a, b) => a.fd - b.fd);
  const reads = fds.filter((f) => f.access === 'read');
  const paired = new Set<ScanFd>();
  const capacity = (v: KnownVolume | null) => v?.capacity ?? null;
  for (const fd of fds) {
    if (fd.access === 'read-write') {
      const source = reads.find((r) => r.fd > fd.fd && !paired.has(r) && r.path !== fd.path);
      if (source) {
        paired.add(source);
        found.push(fdObservation(fd, 'volume.clone', lookup, capacity, IN_DAEMON, source));
      } else {
        found.push(fdObservation(fd, 'volume.wipe', lookup, capacity, IN_DAEMON));
      }
    } else if (fd.access === 'write') {
      found.push(fdObservation(fd, 'volume.upload', lookup, () => null, STREAM_NOTE));
    }
  }
  for (const fd of reads) {
    if (!paired.has(fd))
      found.push(fdObservation(fd, 'volume.download', lookup, capacity, STREAM_NOTE));
  }
  return found.filter((o) => !o.paths.some((p) => claimed.has(p)));
}
