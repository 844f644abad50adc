import { LibvirtError } from '../errors.js';
import { JobCancelledError, JobInterruptedError, type JobContext } from '../jobs/job-spec.js';
import { libvirtChildBytes, type LibvirtChild } from '../libvirt/libvirt-child.js';
import type { VirshExit, VirshProcess } from '../libvirt/virsh-process.js';
import { virshErrorMessage } from '../libvirt/parsers/virsh-error.parser.js';
import { runDetached } from './detached-work.js';
import type { HostStorage } from './host-storage.js';

/**
 * Feeds a job's progress from the host: either from Poolwatch's own mover (which reports
 * the kernel's file position of its writer) or from a probe watching the process libvirt
 * itself runs (qemu-img, scrub). Both read /proc on the host over the same SSH access.
 */

export type MoverOp = 'copy' | 'zero' | 'allocate';

/**
 * Runs a mover to the end as detached work of the host agent (storage/detached-work.ts): it
 * survives a BFF restart and a dropped link; a cancel SIGTERMs the recorded dd.
 */
export async function runMover(
  storage: HostStorage,
  ctx: JobContext,
  op: MoverOp,
  data: string[],
  source: string,
  after: string[][] = [],
): Promise<void> {
  // Every mover op writes with `dd … of=<its target>` (host-scripts/agent.sh: copy's target
  // is its second path, zero's and allocate's their first): the exact argv entry tests and
  // the reconciler of an interrupted job look for.
  const target = op === 'copy' ? data[1] : data[0];
  ctx.record({ kind: 'host-process', comm: 'dd', argvEntry: `of=${target}`, what: `${op}: dd` });
  try {
    await runDetached(storage, ctx, op, data, source, after);
  } catch (error) {
    // Gone without a trace (its process killed with its wrapper): nothing of ours is left
    // on the host but what the caller created, which the caller removes.
    if (error instanceof JobInterruptedError && error.cleaned === undefined) {
      throw new JobInterruptedError(error.message, []);
    }
    throw error;
  }
}

export interface ProbedCall {
  call: VirshProcess;
  /** The process name libvirt runs: qemu-img (convert/create) or scrub (wipe). */
  comm: LibvirtChild;
  /** The volume path that appears in that process's argv. */
  path: string;
  /** What the child's io counters are measured against (libvirtChildBytes). */
  total: number | null;
  source: string;
}

/**
 * Waits for a long libvirt call while a probe measures the child libvirt spawned for it.
 * Cancel tells the probe to SIGTERM that child (and any later one for the same path):
 * libvirt then fails the call and removes a target it created.
 */
export async function runProbed(
  storage: HostStorage,
  ctx: JobContext,
  probed: ProbedCall,
): Promise<VirshExit> {
  // libvirt runs qemu-img/scrub with this exact path in its argv (what the probe matches too).
  ctx.record({
    kind: 'host-process',
    comm: probed.comm,
    argvEntry: probed.path,
    what: `libvirt's ${probed.comm}`,
  });
  const probe = storage.shell.start('probe', probed.comm, [probed.path], (line) => {
    const [tag, a = '', b = '', c = ''] = line.split(' ');
    if (tag === 'F') ctx.measure(probed.source, probed.total);
    else if (tag === 'P')
      ctx.report(libvirtChildBytes(probed.comm, Number(b), Number(c)), Number(a) * 1000);
    else if (tag === 'U') ctx.measure(`unmeasurable: ${line.slice(2)}`, null);
  });
  const onAbort = () => probe.send('K');
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();
  try {
    return await probed.call.exited;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    probe.close(1000);
  }
}

/** Turns a finished libvirt call into success, cancel or a LibvirtError. */
export function settleVirsh(exit: VirshExit, ctx: JobContext): void {
  if (ctx.signal.aborted) throw new JobCancelledError();
  if (!exit.ok)
    throw new LibvirtError(
      explainNoSpace(virshErrorMessage(exit.stderr) || `virsh exited ${exit.code}`),
    );
}

/**
 * ENOSPC in plain words first (dd, qemu-img and libvirt bury it in their own messages): the
 * space check passed, then something else filled the pool while the job ran.
 */
export function explainNoSpace(message: string): string {
  if (/no space left on device|ENOSPC/i.test(message) && !message.startsWith('no space left')) {
    return `no space left on the pool's file system (ENOSPC) while the job ran: ${message}`;
  }
  return message;
}
