import { mover } from './clone.planner.js';
import { oneCall } from './create.planner.js';
import type { HostFacts, Plan } from './plan.js';

export interface ResizeFacts extends HostFacts {
  format: string;
  /** The request asks for the new range to be allocated. */
  allocate: boolean;
  /** New capacity minus the current one (negative: a shrink). */
  grow: number;
}

/** Resize: which path, and why (ARCHITECTURE.md table, rows "resize …"). */
export function planResize(facts: ResizeFacts): Plan {
  if (facts.allocate && facts.grow > 0 && facts.format === 'raw' && facts.ownsBytes) {
    // libvirt would allocate the new range inside its daemon; Poolwatch reserves it with
    // its own killable process first, then lets libvirt set the capacity.
    return mover('fallocate', 'a cancelled resize keeps the old capacity');
  }
  return oneCall('vol-resize is one libvirt call that cannot be aborted', 'vol-resize');
}
