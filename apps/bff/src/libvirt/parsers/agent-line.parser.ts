/**
 * The host agent's stdout protocol (host-scripts/agent.sh), one line per event, parsed in
 * this one place. A line that does not match is `null` (the caller logs it): the agent's
 * text never flows further than here.
 */
export type AgentJobState = 'running' | 'exited' | 'gone';

/** The child libvirtd runs for a long call the agent launched (qemu-img convert, scrub). */
export type LibvirtChild = 'qemu-img' | 'scrub';

export type AgentEvent =
  | { type: 'ready'; launcher: string }
  | { type: 'started'; jobId: string; pid: number | null; total: number }
  | { type: 'progress'; jobId: string; atMs: number; bytes: number }
  /** A libvirt call's child: its /proc io counters (the caller counts them, libvirt-child.ts). */
  | { type: 'io'; jobId: string; child: LibvirtChild; atMs: number; rchar: number; wchar: number }
  /**
   * A libvirt call's child is in the job's cgroups: `freeze` (a freezer group holds it),
   * `throttle` (a blkio/io group charges it), `direct` (its fd on the target is O_DIRECT).
   */
  | {
      type: 'held';
      jobId: string;
      child: LibvirtChild;
      freeze: boolean;
      throttle: boolean;
      direct: boolean;
    }
  /** rc null = cancelled (a cancel was asked and the worker did not finish cleanly). */
  | { type: 'exit'; jobId: string; rc: number | null; cancelled: boolean; stderr: string }
  | { type: 'gone'; jobId: string; reason: string }
  | { type: 'missing'; jobId: string }
  | { type: 'listed'; jobId: string; state: AgentJobState; rc: number | null }
  | { type: 'list-end' }
  | { type: 'error'; jobId: string | null; message: string }
  /** Answer to pause/resume/limit: ok with what enforces it, or no with why (job-control.sh). */
  | { type: 'control'; jobId: string; verb: ControlVerb; ok: boolean; detail: string }
  /** The pool directory watch (pool-dirs.sh): how many it watches; one pool's changed. */
  | { type: 'dirs-watched'; count: number }
  | { type: 'dir-changed'; poolUuid: string };

export type ControlVerb = 'pause' | 'resume' | 'limit';
const VERBS: readonly string[] = ['pause', 'resume', 'limit'];

const ID = /^[0-9a-f][0-9a-f-]*$/;
const FLAG = /^[01]$/;
const isChild = (word: string): word is LibvirtChild => word === 'qemu-img' || word === 'scrub';
const COUNT = /^\d+$/;

export function parseAgentLine(line: string): AgentEvent | null {
  const space = line.indexOf(' ');
  const tag = space < 0 ? line : line.slice(0, space);
  const rest = space < 0 ? '' : line.slice(space + 1);
  const words = rest.split(' ');
  const jobId = words[0] ?? '';
  const hasId = ID.test(jobId);
  const tail = (n: number) => words.slice(n).join(' ').trim();
  switch (tag) {
    case 'R':
      return { type: 'ready', launcher: rest };
    case 'L':
      return { type: 'list-end' };
    case 'S': {
      const [, pid = '', total = ''] = words;
      if (!hasId || !COUNT.test(total)) return null;
      return {
        type: 'started',
        jobId,
        pid: COUNT.test(pid) ? Number(pid) : null,
        total: Number(total),
      };
    }
    case 'P': {
      const [, at = '', bytes = ''] = words;
      const atMs = Number(at) * 1000;
      if (!hasId || !COUNT.test(bytes) || !Number.isFinite(atMs) || at === '') return null;
      return { type: 'progress', jobId, atMs, bytes: Number(bytes) };
    }
    case 'I': {
      const [, child = '', at = '', rchar = '', wchar = ''] = words;
      const atMs = Number(at) * 1000;
      if (!hasId || !isChild(child)) return null;
      if (!COUNT.test(rchar) || !COUNT.test(wchar) || at === '' || !Number.isFinite(atMs))
        return null;
      return { type: 'io', jobId, child, atMs, rchar: Number(rchar), wchar: Number(wchar) };
    }
    case 'H': {
      const [, child = '', ...flags] = words;
      if (!hasId || !isChild(child) || flags.length !== 3 || !flags.every((f) => FLAG.test(f)))
        return null;
      const [freeze, throttle, direct] = flags.map((f) => f === '1') as [boolean, boolean, boolean];
      return { type: 'held', jobId, child, freeze, throttle, direct };
    }
    case 'X': {
      const rc = words[1] ?? '';
      if (!hasId || (rc !== 'cancelled' && !COUNT.test(rc))) return null;
      const cancelled = rc === 'cancelled';
      return { type: 'exit', jobId, rc: cancelled ? null : Number(rc), cancelled, stderr: tail(2) };
    }
    case 'G':
      return hasId ? { type: 'gone', jobId, reason: tail(1) } : null;
    case 'N':
      return hasId ? { type: 'missing', jobId } : null;
    case 'J': {
      const [, state = '', rc = ''] = words;
      if (!hasId || (state !== 'running' && state !== 'exited' && state !== 'gone')) return null;
      return { type: 'listed', jobId, state, rc: COUNT.test(rc) ? Number(rc) : null };
    }
    case 'C': {
      const [, verb = '', answer = ''] = words;
      if (!hasId || !VERBS.includes(verb) || (answer !== 'ok' && answer !== 'no')) return null;
      return {
        type: 'control',
        jobId,
        verb: verb as ControlVerb,
        ok: answer === 'ok',
        detail: tail(3),
      };
    }
    case 'W':
      return COUNT.test(rest) ? { type: 'dirs-watched', count: Number(rest) } : null;
    case 'D':
      return hasId && words.length === 1 ? { type: 'dir-changed', poolUuid: jobId } : null;
    case 'E':
      return { type: 'error', jobId: hasId ? jobId : null, message: tail(1) };
    default:
      return null;
  }
}
