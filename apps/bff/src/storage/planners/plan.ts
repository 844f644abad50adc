/**
 * A job kind's plan: which executor moves the bytes, whether and how it can be cancelled,
 * and where progress comes from. Planners are pure (request + pool + volume + host
 * capabilities -> plan), so ARCHITECTURE.md's "which path each kind takes" table is their
 * unit test (planners.test.ts); the builders only carry a plan out.
 */
export type Executor =
  /** Poolwatch's own dd, detached under the host agent (survives a BFF restart). */
  | 'poolwatch-mover'
  /** libvirt's call, its virsh client detached under the host agent, its child measured. */
  | 'libvirt-call-detached'
  /** libvirt's call as a virsh client of the BFF, a probe watching its child. */
  | 'libvirt-call-probed'
  /** libvirt's call as a virsh client of the BFF, nothing to measure. */
  | 'libvirt-call';

export interface Plan {
  executor: Executor;
  /**
   * The host process that does the work, measured and (when cancellable) signalled;
   * `fallocate`: Poolwatch's allocate op (fallocate, or dd zeros where it cannot).
   */
  worker: 'dd' | 'fallocate' | 'qemu-img' | 'scrub' | null;
  cancellable: boolean;
  /** Why not cancellable, or what a cancel leaves behind; null when nothing to say. */
  cancelNote: string | null;
  /** The job's progress source before the work reports. */
  source: string;
}

/** What a planner needs to know of the host: who the SSH user is, what the pool is. */
export interface HostFacts {
  /** The SSH user is root: it can run Poolwatch's dd, the agent, signal libvirtd's children. */
  root: boolean;
  user: string;
  /** Poolwatch's own dd can write the pool's files: a dir/fs/netfs pool and a root SSH user. */
  ownsBytes: boolean;
  poolType: string;
}

/** Survives a BFF restart, a SIGTERM and a dropped SSH link (re-attached, same job id). */
export const isDurable = (plan: Plan) =>
  plan.executor === 'poolwatch-mover' || plan.executor === 'libvirt-call-detached';
