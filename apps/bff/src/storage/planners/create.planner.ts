import { mover } from './clone.planner.js';
import type { HostFacts, Plan } from './plan.js';

export interface CreateFacts extends HostFacts {
  format: string;
  /** Bytes to allocate at creation (0: a sparse volume). */
  allocation: number;
}

/** Create: which path, and why (ARCHITECTURE.md table, rows "create …"). */
export function planCreate(facts: CreateFacts): Plan {
  if (facts.allocation > 0 && facts.format === 'raw' && facts.ownsBytes) {
    // libvirt would fallocate inside its daemon; Poolwatch creates the file sparse, then
    // reserves the space with its own killable process (dd zeros where fallocate fails).
    return mover('fallocate', null);
  }
  return oneCall(
    facts.allocation > 0
      ? `libvirt allocates ${facts.format} volumes itself in one call that cannot be aborted`
      : 'creating a volume is one libvirt call that ends at once',
    'vol-create',
    'with no progress',
  );
}

/** A libvirt call Poolwatch can neither measure nor stop. */
export function oneCall(cancelNote: string, verb: string, why = ''): Plan {
  return {
    executor: 'libvirt-call',
    worker: null,
    cancellable: false,
    cancelNote,
    source: `unmeasurable: one libvirt call (${verb})${why ? ` ${why}` : ''}`,
  };
}
