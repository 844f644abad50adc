import type { LibvirtChild } from './parsers/agent-line.parser.js';

export type { LibvirtChild };

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
