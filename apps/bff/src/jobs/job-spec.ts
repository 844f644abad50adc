import type { JobKind, JobOrigin, JobTarget, TypedJobParams } from '@poolwatch/shared';
import type { Logger } from '../logger.js';

/**
 * What the job engine runs. Operations (src/operations) build JobSpecs out of libvirt
 * adapter calls; the engine knows nothing of virsh, HTTP or socket.io.
 */

/** A resource a job reads or writes. Two jobs conflict when one writes what the other uses. */
export interface JobLock {
  /** e.g. `vol\0<hostId>\0<pool>\0<volume>` or `pool\0<hostId>\0<pool>`: see lockKeys. */
  key: string;
  mode: 'read' | 'write';
  /** Human words for the 409 message: 'volume "a.img" in pool "default"'. */
  label: string;
}

export const lockKeys = {
  volume: (hostId: string, pool: string, volume: string) => `vol\0${hostId}\0${pool}\0${volume}`,
  pool: (hostId: string, pool: string) => `pool\0${hostId}\0${pool}`,
};

/**
 * What a job leaves on a host while it runs, recorded in the job store before (or as soon
 * as) it exists, so that after a crash, a restart or a dropped link the reconciler
 * (storage/job-reconciler.ts) finds exactly these and nothing else: never by a pattern.
 */
export type JobHandle =
  /** A process on the libvirt host: its comm and one exact argv entry (a path, `of=<path>`). */
  | { kind: 'host-process'; comm: string; argvEntry: string; what: string }
  /** A process on the BFF's machine (a streaming virsh): its pid and its whole exact argv. */
  | { kind: 'local-process'; pid: number; argv: string[]; what: string }
  /** A volume this job created and that is partial until the job succeeds. */
  | { kind: 'created-volume'; pool: string; poolUuid: string; name: string; path: string | null }
  /**
   * Work the host agent runs detached under /run/poolwatch/jobs/<job id>/: it outlives this
   * BFF, so a job holding this handle is re-attached after a restart, not interrupted.
   * `after`: libvirt calls (argv) the BFF that sees the work succeed still has to make.
   * `locks` are filled in by the engine (the job's own), so a re-adopted job holds them again.
   */
  | {
      kind: 'detached-work';
      op: string;
      source: string;
      total: number | null;
      after: string[][];
      locks?: JobLock[];
    };

/** A job whose host-side work runs detached (re-attached after a restart, never interrupted). */
export const isDetached = (handles: readonly JobHandle[]) =>
  handles.some((h) => h.kind === 'detached-work');

/**
 * How a running job's host-side work is held or paced (issue 11), registered by its runner
 * once the work runs there. Each resolves with what enforces it ("cgroup v1 freezer") or
 * rejects with why it cannot.
 */
export interface JobControls {
  pause(): Promise<string>;
  resume(): Promise<string>;
  /** null lifts the limit. */
  limit(bytesPerSecond: number | null): Promise<string>;
}

export interface JobContext {
  /** The job's id (also the name of its state directory on the host, for detached work). */
  readonly jobId: string;
  /** Aborted when an admin cancels the job: stop the I/O, clean up, then throw. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /**
   * Says how progress is measured from now on. total null = unbounded (elapsed time only).
   * May be called again (e.g. once the probe has found the host process, or found it cannot).
   */
  measure(source: string, total: number | null): void;
  /** Measured bytes done so far; atMs = when it was measured at the source (epoch ms). */
  report(processed: number, atMs?: number): void;
  /** Records a host-side handle in the job store (see JobHandle) before relying on it. */
  record(handle: JobHandle): void;
  /** This BFF is (again) attached to the job's host-side work: sets `attachedAt`. */
  attached(): void;
  /**
   * Merges into the job's params and persists them before returning (a resumable upload's
   * confirmed offset must be on disk before the client is told).
   */
  updateParams(change: Record<string, unknown>): void;
  /** Registers (null: withdraws) the pause/resume/limit handlers of the running work. */
  controls(controls: JobControls | null): void;
  /** The limit asked for (at submit, or changed while queued): apply before the first byte. */
  bandwidth(): number | null;
  /** What enforces the job's limit now (null: nothing is limited). */
  limited(enforcedBy: string | null): void;
  /**
   * What the running work now offers: set once a libvirt call's child joined the job's
   * cgroups (before that its spec says why not).
   */
  offer(flags: ControlOffer): void;
}

export interface ControlOffer {
  pausable: boolean;
  pauseNote: string | null;
  limitable: boolean;
  limitNote: string | null;
}

export interface JobSpec {
  hostId: string;
  /**
   * 'external': work someone else started on the host that Poolwatch only observes
   * (storage/external-jobs.ts). Such a spec holds no locks and does not move bytes for the
   * per-host limit (it takes no slot), and its run resolves 'ended' when the work is gone.
   */
  origin?: JobOrigin;
  kind: JobKind;
  target: JobTarget;
  /** Submitted parameters, typed by kind (params.kind === kind), kept in history. */
  params: TypedJobParams;
  /** Byte-moving jobs count against the per-host concurrency limit; others never wait. */
  movesBytes: boolean;
  cancellable: boolean;
  /** Why not cancellable, or what a cancel leaves behind; null when nothing to say. */
  cancelNote: string | null;
  locks: JobLock[];
  /**
   * Pause/resume and a live bandwidth limit (issue 11): only where something on the host
   * enforces them (Poolwatch's own movers); the notes say why not elsewhere (job-controls.ts
   * has the defaults). `bandwidth`: the limit asked for at submit, bytes per second.
   */
  pausable?: boolean;
  pauseNote?: string | null;
  limitable?: boolean;
  limitNote?: string | null;
  bandwidth?: number | null;
  /** Initial progress source (before run calls measure), e.g. 'waiting for the host'. */
  source: string;
  /**
   * Resolves on success ('ended': the work is gone and its outcome unknown, for external
   * jobs). Rejects with an AppError on failure, or JobCancelledError.
   */
  run(ctx: JobContext): Promise<void | 'ended'>;
}

/**
 * Thrown by a runner whose host went away under it (dropped link): what the host still
 * runs for it is unknown, so the job ends `interrupted` and is reconciled at reconnect.
 */
export class JobInterruptedError extends Error {
  /**
   * `cleaned`: the runner already removed what the job left (its host-side work is gone):
   * the job ends with cleanup `done` saying so, nothing left for the reconciler.
   */
  constructor(
    message: string,
    readonly cleaned?: string[],
  ) {
    super(message);
    this.name = 'JobInterruptedError';
  }
}

/** Thrown by a runner that stopped because ctx.signal was aborted. */
export class JobCancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'JobCancelledError';
  }
}
