import { HostScriptError, LibvirtError } from '../errors.js';
import {
  JobCancelledError,
  JobInterruptedError,
  type JobContext,
  type JobControls,
  type JobHandle,
} from '../jobs/job-spec.js';
import type { AgentOp, LibvirtCall } from '../libvirt/host-agent.js';
import { virshErrorMessage } from '../libvirt/parsers/virsh-error.parser.js';
import { explainNoSpace } from './host-progress.js';
import type { HostStorage } from './host-storage.js';
import { decideReattach } from './reattach-decision.js';
import { volDelete } from '../libvirt/storage-verbs.js';
import { childControls } from '../libvirt/libvirt-child.js';

/**
 * Byte movers as detached work of the host agent (ARCHITECTURE.md, "Durable host-side
 * jobs"): the work runs on the host in its own session with a state directory, so a BFF
 * restart or a dropped SSH link does not stop it; this BFF (or the next one) follows it
 * to its real end and does the finishing steps.
 */

type DetachedHandle = Extract<JobHandle, { kind: 'detached-work' }>;
type CreatedHandle = Extract<JobHandle, { kind: 'created-volume' }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `op` detached on the host and follows it to its end. `after` = libvirt calls a
 * BFF that re-attaches must still make on success (this runner's caller makes them itself).
 */
export async function runDetached(
  storage: HostStorage,
  ctx: JobContext,
  op: AgentOp,
  data: string[],
  source: string,
  after: string[][] = [],
): Promise<void> {
  // A limit asked for at submit is in place before the worker's first byte.
  await launchAndFollow(storage, ctx, { op, source, total: null, after }, () =>
    storage.agent.start(ctx.jobId, op, data, ctx.bandwidth()),
  );
}

/**
 * Runs one of libvirt's own long calls (vol-create-from through qemu-img, vol-wipe through
 * scrub) as detached work: the virsh client runs on the host under the agent, so it
 * outlives this BFF and its link; progress is the io of libvirt's child, cancel SIGTERMs
 * that child (libvirt fails the call and removes a target it created).
 */
export async function runLibvirtCallDetached(
  storage: HostStorage,
  ctx: JobContext,
  call: LibvirtCall,
  source: string,
): Promise<void> {
  // What a reconciler of an interrupted job would stop: libvirt's child, by its exact path.
  const what = `libvirt's ${call.child}`;
  ctx.record({ kind: 'host-process', comm: call.child, argvEntry: call.childPath, what });
  await launchAndFollow(storage, ctx, { op: 'virsh', source, total: call.total, after: [] }, () =>
    storage.agent.startLibvirtCall(ctx.jobId, call),
  );
}

async function launchAndFollow(
  storage: HostStorage,
  ctx: JobContext,
  work: Omit<DetachedHandle, 'kind' | 'locks'>,
  launch: () => Promise<{ total: number; limitedBy: string | null }>,
): Promise<void> {
  const { op, source } = work;
  // Recorded before the start: a BFF that dies in between finds no state directory, and
  // the job is interrupted with what it created removed, never left running unannounced.
  ctx.record({ kind: 'detached-work', ...work });
  if (ctx.signal.aborted) throw new JobCancelledError();
  let started;
  try {
    started = await launch();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new HostScriptError(`${op} on the host failed: ${explainNoSpace(why)}`);
  }
  if (started.limitedBy !== null) ctx.limited(started.limitedBy);
  ctx.measure(source, started.total);
  ctx.attached();
  await followDetached(storage, ctx, op);
}

/**
 * Follows detached work until it ends. When the agent's channel ends (link dropped, sshd
 * child killed) the work goes on: a new agent is started and the job watched again, with
 * the same id. Cancel asks the agent to SIGTERM the recorded worker (start time checked).
 */
export async function followDetached(
  storage: HostStorage,
  ctx: JobContext,
  op: string,
): Promise<void> {
  const onAbort = () => storage.agent.cancel(ctx.jobId);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  ctx.controls(agentControls(storage, ctx.jobId));
  let delay = 500;
  let first = true;
  try {
    for (;;) {
      if (ctx.signal.aborted) onAbort(); // again on a new agent: the old one may have missed it
      const end = await storage.agent.watch(
        ctx.jobId,
        (bytes, atMs) => {
          if (first) ctx.attached();
          first = false;
          ctx.report(bytes, atMs);
        },
        (hold) => ctx.offer(childControls(hold)),
      );
      if (end.kind === 'lost') {
        ctx.logger.warn({ reason: end.reason }, 'lost the host agent: watching the work again');
        first = true;
        await sleep(delay);
        delay = Math.min(delay * 2, 10_000);
        continue;
      }
      if (end.kind === 'gone') throw new JobInterruptedError(`${op}: ${end.reason}`);
      if (end.cancelled || ctx.signal.aborted) throw new JobCancelledError();
      if (end.rc !== 0 && op === 'virsh') {
        // libvirt's reason, from virsh's stderr (its lines joined by the agent).
        const why = virshErrorMessage(end.stderr.replace(/\s*\berror: /g, '\nerror: '));
        throw new LibvirtError(explainNoSpace(why || `virsh exited ${end.rc}`));
      }
      if (end.rc !== 0) {
        const why = end.stderr || `exit ${end.rc}`;
        throw new HostScriptError(`${op} on the host failed: ${explainNoSpace(why)}`);
      }
      return;
    }
  } finally {
    ctx.controls(null);
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** Pause, resume and limits of detached work: the agent's job-control.sh does them. */
function agentControls(storage: HostStorage, jobId: string): JobControls {
  const ask = async (verb: 'pause' | 'resume' | 'limit', bandwidth?: number | null) => {
    const answer = await storage.agent.control(jobId, verb, bandwidth);
    if (!answer.ok) throw new Error(`${verb} on the host: ${answer.reason}`);
    return answer.enforcedBy;
  };
  return {
    pause: () => ask('pause'),
    resume: () => ask('resume'),
    limit: (bytesPerSecond) => ask('limit', bytesPerSecond),
  };
}

/**
 * The runner a restarted BFF adopts a kept job with: asks the agent what became of the
 * work (decideReattach), follows it, makes the finishing calls on success, and on any
 * other end removes the volume the job created, as the original runner would have.
 */
export async function reattachRun(
  storage: HostStorage,
  ctx: JobContext,
  handles: readonly JobHandle[],
): Promise<void> {
  const work = handles.find((h): h is DetachedHandle => h.kind === 'detached-work');
  const created = handles.find((h): h is CreatedHandle => h.kind === 'created-volume');
  if (!work) throw new Error('reattachRun needs a detached-work handle');
  ctx.measure(work.source, work.total);
  const listed = (await storage.agent.list()).find((j) => j.jobId === ctx.jobId);
  const decision = decideReattach(listed);
  try {
    if (decision.action === 'interrupt') throw new JobInterruptedError(decision.reason);
    await followDetached(storage, ctx, work.op);
    for (const [command, ...args] of work.after)
      if (command) await storage.virsh([command, ...args]);
  } catch (error) {
    const cleaned = created ? [await removeCreatedVolume(storage, created)] : [];
    if (error instanceof JobInterruptedError) {
      throw new JobInterruptedError(
        `Poolwatch lost this job's host-side work: ${error.message}`,
        cleaned,
      );
    }
    throw error;
  } finally {
    await storage.refreshInventory();
  }
}

/** Deletes a volume a job created and did not finish; says what it did. */
export async function removeCreatedVolume(
  storage: HostStorage,
  handle: CreatedHandle,
): Promise<string> {
  const target = `partial target volume ${JSON.stringify(handle.name)} in pool ${JSON.stringify(handle.pool)}`;
  try {
    await storage.virsh(volDelete({ pool: handle.poolUuid, name: handle.name }));
    return `deleted the ${target}`;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return `the ${target} was already gone`;
    throw error;
  }
}
