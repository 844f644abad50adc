import type { WipeAlgorithm } from '@poolwatch/shared';
import { mover } from './clone.planner.js';
import type { HostFacts, Plan } from './plan.js';

export interface WipeFacts extends HostFacts {
  /** Already checked supported for this pool (wipe-algorithms.ts): trim never reaches here. */
  algorithm: WipeAlgorithm;
  /** Allocation below capacity: libvirt wipes such a file by truncating it. */
  sparse: boolean;
}

/** Wipe: which path each algorithm takes, and why (ARCHITECTURE.md table, rows "wipe …"). */
export function planWipe(facts: WipeFacts): Plan {
  if (facts.algorithm === 'zero') {
    if (facts.ownsBytes && !facts.sparse) {
      // libvirt zeroes a fully allocated file inside its daemon (no handle).
      return mover('dd', 'cancel stops the writes: the part already zeroed stays zeroed');
    }
    return {
      executor: 'libvirt-call',
      worker: null,
      cancellable: false,
      cancelNote: facts.sparse
        ? 'libvirt zeroes a sparse file by truncating it: one call that ends at once'
        : `libvirt zeroes this volume inside its daemon and the SSH user (${facts.user}) cannot run Poolwatch's own on ${facts.poolType} pools: nothing can stop it`,
      source: 'unmeasurable: one libvirt call (vol-wipe)',
    };
  }
  // Every other algorithm: libvirt runs scrub, a child Poolwatch can see and signal.
  if (facts.root) {
    return {
      executor: 'libvirt-call-detached',
      worker: 'scrub',
      cancellable: true,
      cancelNote: 'cancel stops scrub: the passes already written stay written',
      source: 'waiting for scrub',
    };
  }
  return {
    executor: 'libvirt-call-probed',
    worker: 'scrub',
    cancellable: false,
    cancelNote: `libvirt runs this wipe itself and the SSH user (${facts.user}) cannot stop it`,
    source: 'waiting for scrub',
  };
}
