import type { Plan, HostFacts } from './plan.js';

export interface CloneFacts extends HostFacts {
  sourceFormat: string;
  format: string;
  /** The target pool has a target path, so the target's path is known before it exists. */
  targetPathKnown: boolean;
}

/** Clone: which path, and why (ARCHITECTURE.md table, rows "clone …"). */
export function planClone(facts: CloneFacts): Plan {
  const rawToRaw = facts.sourceFormat === 'raw' && facts.format === 'raw';
  if (rawToRaw && facts.ownsBytes) {
    // libvirt copies raw->raw inside its daemon (no handle, preallocated target): Poolwatch's
    // dd copies into a sparse target libvirt created, and is killed on cancel.
    return mover('dd', null);
  }
  if (rawToRaw) {
    return {
      executor: 'libvirt-call',
      worker: null,
      cancellable: false,
      cancelNote: `libvirt copies raw volumes inside its daemon, and the SSH user cannot run Poolwatch's own copy on ${facts.poolType} pools: nothing can stop it`,
      source: 'unmeasurable: libvirt copies inside its daemon',
    };
  }
  // A format change: libvirt runs qemu-img convert, a child Poolwatch can see and signal.
  if (facts.root && facts.targetPathKnown) {
    return {
      executor: 'libvirt-call-detached',
      worker: 'qemu-img',
      cancellable: true,
      cancelNote: null,
      source: 'waiting for qemu-img',
    };
  }
  if (facts.root) {
    return {
      executor: 'libvirt-call',
      worker: null,
      cancellable: false,
      cancelNote: `a ${facts.poolType} pool has no target path: Poolwatch cannot find libvirt's qemu-img by the target's path`,
      source: 'unmeasurable: libvirt converts into a pool without a target path',
    };
  }
  return {
    executor: 'libvirt-call-probed',
    worker: 'qemu-img',
    cancellable: false,
    cancelNote: `the SSH user (${facts.user}) cannot signal libvirt's qemu-img`,
    source: 'waiting for qemu-img',
  };
}

export function mover(worker: 'dd' | 'fallocate', cancelNote: string | null): Plan {
  return {
    executor: 'poolwatch-mover',
    worker,
    cancellable: true,
    cancelNote,
    source: 'waiting for the host',
  };
}
