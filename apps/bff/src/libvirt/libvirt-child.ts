import type { AgentEvent, LibvirtChild } from './parsers/agent-line.parser.js';

export type { LibvirtChild };

/** libvirt's child is in the job's cgroups (host-scripts/job-control.sh, cg_child_hold). */
export type ChildHold = Omit<Extract<AgentEvent, { type: 'held' }>, 'type' | 'jobId'>;

/**
 * Bytes a child of libvirtd has done for a storage job, from its /proc/<pid>/io counters
 * (the one counting rule for the probe, the agent and external jobs):
 * - `qemu-img convert` reads the source's allocated bytes once (it skips holes): rchar,
 *   against the source's allocation (its writes are in the target's format, not comparable);
 * - `scrub` writes every pass and reads back the verify passes: wchar + rchar, against
 *   passes × size (scrub(1)'s method table, storage/wipe-algorithms.ts).
 */
export function libvirtChildBytes(child: LibvirtChild, rchar: number, wchar: number): number {
  return child === 'qemu-img' ? rchar : rchar + wchar;
}

/**
 * Which controls really act on a held child (issue 11). Pause: a freezer group holds it.
 * Limit: only where the kernel charges its I/O to the group, i.e. a blkio/io group and a
 * target fd opened O_DIRECT (measured here: scrub writes O_DIRECT, 0140001; qemu-img
 * convert opens source and target without it, so its reads come from the page cache and
 * its writes are buffered writeback, neither charged under v1 blkio).
 */
export function childControls(hold: ChildHold) {
  const limitable = hold.throttle && hold.direct;
  return {
    pausable: hold.freeze,
    pauseNote: hold.freeze
      ? null
      : `no freezer cgroup on this host's kernel holds libvirt's ${hold.child}`,
    limitable,
    limitNote: limitable
      ? null
      : hold.throttle
        ? `libvirt's ${hold.child} does buffered I/O (its target is not opened O_DIRECT): cgroup v1 blkio does not charge page-cache reads or writeback, so a limit would not hold`
        : `no blkio or io cgroup on this host's kernel charges libvirt's ${hold.child}`,
  };
}
