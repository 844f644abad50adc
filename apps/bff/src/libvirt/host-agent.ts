import type { Logger } from '../logger.js';
import {
  XML_FILE,
  type AgentJob,
  type AgentOp,
  type ControlAnswer,
  type LibvirtCall,
  type WatchEnd,
} from './agent-protocol.js';
import { AgentPoolDirs } from './agent-pool-dirs.js';
import type { HostScriptProcess, HostShell } from './host-shell.js';
import { libvirtChildBytes, type ChildHold } from './libvirt-child.js';
import { parseAgentLine, type AgentEvent, type ControlVerb } from './parsers/agent-line.parser.js';

export {
  XML_FILE,
  type AgentJob,
  type AgentOp,
  type ControlAnswer,
  type LibvirtCall,
  type WatchEnd,
} from './agent-protocol.js';

interface Watcher {
  onProgress: (bytes: number, atMs: number) => void;
  onHeld?: (hold: ChildHold) => void;
  resolve: (end: WatchEnd) => void;
}

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

const ANSWER_TIMEOUT_MS = 30_000;

/**
 * The BFF's end of one host's agent: one long-lived `agent.sh` over one SSH channel,
 * started when the host connects (connect()) or on first use, and again after its channel
 * ends. Every command's fields go on stdin NUL-terminated; the agent's lines are parsed by
 * parseAgentLine only. Jobs it started run detached on the host: when this process or its
 * channel dies they go on, and the next agent finds them in /run/poolwatch/jobs.
 */
export class HostAgent {
  /** How the host launches detached work, as the agent reported it. */
  launcher: string | null = null;
  /** The inventory's pool directory watch (pool-dirs.sh), carried by this channel. */
  readonly poolDirs = new AgentPoolDirs((fields) => this.send(fields));
  private process: HostScriptProcess | null = null;
  private readonly watchers = new Map<string, Watcher>();
  private readonly starts = new Map<
    string,
    Waiter<{ pid: number | null; total: number; limitedBy: string | null }>
  >();
  /** A limit applied by `start` (answered before its S line), kept for that start's answer. */
  private readonly startLimits = new Map<string, string>();
  private readonly controls = new Map<string, Waiter<ControlAnswer>>();
  private lists: Waiter<AgentJob[]>[] = [];
  private listed: AgentJob[] = [];

  constructor(
    private readonly shell: HostShell,
    private readonly logger: Logger,
  ) {}

  /**
   * Launches detached work for a job; resolves once the host says it runs. With a bandwidth
   * the limit is in place before the worker's first byte (`limitedBy` says what enforces it);
   * the start is refused when nothing can.
   */
  start(jobId: string, op: AgentOp, data: readonly string[], bandwidth: number | null = null) {
    this.startLimits.delete(jobId);
    if (bandwidth !== null) this.send(['limit', jobId, String(bandwidth)]);
    return this.ask(this.starts, jobId, ['start', jobId, op, ...data]);
  }

  /** Pauses, resumes or (re)limits a running job's work (bandwidth null = no limit). */
  control(jobId: string, verb: ControlVerb, bandwidth?: number | null): Promise<ControlAnswer> {
    const rate = bandwidth === null ? 'none' : String(bandwidth);
    const fields = verb === 'limit' ? [verb, jobId, rate] : [verb, jobId];
    return this.ask(this.controls, `${jobId} ${verb}`, fields);
  }

  /** Launches a libvirt call detached (host-scripts/agent-libvirt.sh). */
  startLibvirtCall(jobId: string, call: LibvirtCall) {
    const slot = call.argv.indexOf(XML_FILE);
    if (slot < 0 !== (call.xml === null)) throw new Error('an XML file needs its argv slot');
    const argv = call.argv.map((a) => (a === XML_FILE ? '' : a));
    const fields = [call.child, call.childPath, String(call.total), call.xml ?? ''];
    return this.start(jobId, 'virsh', [
      ...fields,
      slot < 0 ? '-' : String(slot),
      String(argv.length),
      ...argv,
    ]);
  }

  /** Follows a job until its work ends, is gone, or this agent's channel ends. */
  watch(jobId: string, onProgress: Watcher['onProgress'], onHeld?: Watcher['onHeld']) {
    return new Promise<WatchEnd>((resolve) => {
      this.watchers.get(jobId)?.resolve({ kind: 'lost', reason: 'watched again' });
      this.watchers.set(jobId, { onProgress, onHeld, resolve });
      this.send(['watch', jobId]);
    });
  }

  /** SIGTERMs the job's recorded worker (if it is still that process); idempotent. */
  cancel(jobId: string): void {
    this.send(['cancel', jobId]);
  }

  /** Removes the state directory of a job that is no longer running (no-op otherwise). */
  forget(jobId: string): void {
    if (this.process !== null) this.send(['forget', jobId]);
  }

  /** Every state directory on the host and what it says. */
  list(): Promise<AgentJob[]> {
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      this.lists.push(waiter);
      this.send(['list']);
      setTimeout(
        () => reject(new Error('the host agent did not list its jobs')),
        ANSWER_TIMEOUT_MS,
      ).unref();
    });
  }

  /** Starts the channel at connect, so no job waits for an SSH handshake; idempotent. */
  connect(): void {
    this.ensure();
  }

  /** Ends the channel only: detached work keeps running. */
  close(): void {
    this.process?.close(1000);
  }

  private ask<T>(waiters: Map<string, Waiter<T>>, jobId: string, fields: string[]): Promise<T> {
    return new Promise((resolve, reject) => {
      waiters.set(jobId, { resolve, reject });
      this.send(fields);
      setTimeout(() => {
        if (waiters.get(jobId)?.resolve !== resolve) return;
        waiters.delete(jobId);
        reject(new Error(`the host agent did not answer ${fields[0]} in ${ANSWER_TIMEOUT_MS} ms`));
      }, ANSWER_TIMEOUT_MS).unref();
    });
  }

  private send(fields: string[]): void {
    this.ensure().write(fields);
  }

  private ensure(): HostScriptProcess {
    if (this.process) return this.process;
    const proc = this.shell.start('agent', '', [], (line) => this.onLine(line));
    this.process = proc;
    this.poolDirs.channelStarted();
    void proc.exited.then((exit) => {
      if (this.process === proc) this.process = null;
      this.poolDirs.channelEnded();
      const reason = `the host agent's channel ended (${exit.code ?? exit.signal}): ${exit.stderr.trim()}`;
      this.logger.warn({ reason }, 'host agent ended');
      for (const watcher of this.watchers.values()) watcher.resolve({ kind: 'lost', reason });
      this.watchers.clear();
      for (const waiter of this.starts.values()) waiter.reject(new Error(reason));
      this.starts.clear();
      for (const waiter of this.controls.values()) waiter.reject(new Error(reason));
      this.controls.clear();
      for (const waiter of this.lists) waiter.reject(new Error(reason));
      this.lists = [];
      this.listed = [];
    });
    return proc;
  }

  private onLine(line: string): void {
    const event = parseAgentLine(line);
    if (event === null) {
      this.logger.warn({ line: line.slice(0, 200) }, 'host agent: unexpected line');
      return;
    }
    this.dispatch(event);
  }

  private dispatch(event: AgentEvent): void {
    switch (event.type) {
      case 'ready':
        this.launcher = event.launcher;
        this.logger.info({ launcher: event.launcher }, 'host agent ready');
        return;
      case 'started': {
        const limitedBy = this.startLimits.get(event.jobId) ?? null;
        this.startLimits.delete(event.jobId);
        this.settle(this.starts, event.jobId, { pid: event.pid, total: event.total, limitedBy });
        return;
      }
      case 'control': {
        const key = `${event.jobId} ${event.verb}`;
        if (
          event.verb === 'limit' &&
          event.ok &&
          !this.controls.has(key) &&
          this.starts.has(event.jobId)
        )
          this.startLimits.set(event.jobId, event.detail);
        const answer: ControlAnswer = event.ok
          ? { ok: true, enforcedBy: event.detail }
          : { ok: false, reason: event.detail };
        this.settle(this.controls, key, answer);
        return;
      }
      case 'error': {
        const waiter = event.jobId === null ? undefined : this.starts.get(event.jobId);
        if (waiter && event.jobId !== null) {
          this.starts.delete(event.jobId);
          waiter.reject(new Error(event.message));
        } else this.logger.warn({ jobId: event.jobId, message: event.message }, 'host agent error');
        return;
      }
      case 'progress':
        this.watchers.get(event.jobId)?.onProgress(event.bytes, event.atMs);
        return;
      case 'io': {
        const bytes = libvirtChildBytes(event.child, event.rchar, event.wchar);
        this.watchers.get(event.jobId)?.onProgress(bytes, event.atMs);
        return;
      }
      case 'held':
        this.watchers.get(event.jobId)?.onHeld?.(event);
        return;
      case 'exit':
        this.end(event.jobId, {
          kind: 'exit',
          rc: event.rc,
          cancelled: event.cancelled,
          stderr: event.stderr,
        });
        return;
      case 'gone':
        this.end(event.jobId, { kind: 'gone', reason: event.reason });
        return;
      case 'missing':
        this.end(event.jobId, {
          kind: 'gone',
          reason: 'no state directory on the host (it rebooted, or the directory was removed)',
        });
        return;
      case 'listed':
        this.listed.push({ jobId: event.jobId, state: event.state, rc: event.rc });
        return;
      case 'dirs-watched':
        return this.poolDirs.answered(event.count);
      case 'dir-changed':
        return this.poolDirs.changed(event.poolUuid);
      case 'list-end': {
        const jobs = this.listed;
        this.listed = [];
        this.lists.shift()?.resolve(jobs);
        return;
      }
    }
  }

  private settle<T>(waiters: Map<string, Waiter<T>>, jobId: string, value: T): void {
    const waiter = waiters.get(jobId);
    waiters.delete(jobId);
    waiter?.resolve(value);
  }

  private end(jobId: string, end: WatchEnd): void {
    const watcher = this.watchers.get(jobId);
    this.watchers.delete(jobId);
    watcher?.resolve(end);
  }
}
