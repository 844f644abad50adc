import type { Logger } from '../logger.js';
import { virshCommandSeconds } from '../metrics.js';
import { HostUnreachableError, LibvirtError, NotFoundError, ConflictError } from '../errors.js';
import {
  classifyVirshError,
  stripReconnectNotices,
  virshErrorMessage,
} from './parsers/virsh-error.parser.js';
import { fitsInteractiveShell, type VirshArgs } from './virsh-command.js';
import { runVirshOnce } from './virsh-oneshot.js';
import type { VirshResult } from './virsh-result.js';
import { VirshSession } from './virsh-session.js';

export interface VirshClientOptions {
  hostId: string;
  uri: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  commandTimeoutMs: number;
  /** Long-lived sessions (SSH connections) per host: user requests and polls overlap. */
  sessions: number;
  /**
   * `virsh -r` for every session and one-shot: libvirtd enforces read-only (defence in
   * depth: the inventory, which serves viewers and kiosks, cannot write even if asked to).
   */
  readOnly?: boolean;
}

/**
 * The one choke point for libvirt calls of one host. Every command goes through `run`,
 * which picks the least busy long-lived session (or a one-shot argv virsh for what the
 * interactive shell cannot carry), logs it, and turns virsh errors into AppErrors.
 */
export class VirshClient {
  private sessions: VirshSession[] = [];
  private lostListener: ((error: Error) => void) | null = null;
  private connecting: Promise<void> | null = null;

  constructor(private readonly options: VirshClientOptions) {}

  /** Opens the sessions and proves they work; rejects with virsh's own reason. */
  async connect(): Promise<void> {
    this.disconnect();
    const sessions = Array.from({ length: this.options.sessions }, () => this.openSession());
    this.sessions = sessions;
    try {
      await Promise.all(sessions.map((s) => this.check(s)));
    } catch (error) {
      this.disconnect();
      throw error;
    }
    for (const s of sessions) {
      s.onExit((error) => {
        if (this.sessions.includes(s)) {
          this.disconnect();
          this.lostListener?.(error);
        }
      });
    }
  }

  get readOnly(): boolean {
    return this.options.readOnly === true;
  }

  /**
   * Connects unless connected (one attempt at a time). For the read-write client of
   * storage jobs, which is opened on first use and again after it is lost.
   */
  ensureConnected(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Called once when a connected session dies (link down, daemon gone, hung command). */
  onLost(listener: (error: Error) => void): void {
    this.lostListener = listener;
  }

  disconnect(): void {
    const sessions = this.sessions;
    this.sessions = [];
    for (const s of sessions) s.close();
  }

  /** Process ids of the live sessions (for diagnostics and tests). */
  get sessionPids(): number[] {
    return this.sessions.flatMap((s) => (s.pid === undefined || s.closed ? [] : [s.pid]));
  }

  get connected(): boolean {
    return this.sessions.length > 0 && this.sessions.every((s) => !s.closed);
  }

  /** Runs a command; throws NotFound/Conflict/HostUnreachable/Libvirt errors. */
  async run(args: VirshArgs): Promise<string> {
    return this.answer(await this.runRaw(args));
  }

  /** stdout of a command that succeeded; a typed error for one that did not. */
  private answer(result: VirshResult): string {
    if (result.ok) return result.stdout;
    const message = virshErrorMessage(result.stderr);
    switch (classifyVirshError(message)) {
      case 'not_found':
        throw new NotFoundError(message);
      case 'inactive':
        throw new ConflictError('pool_inactive', message);
      case 'unreachable':
        throw new HostUnreachableError(message);
      default:
        throw new LibvirtError(message);
    }
  }

  /** Like run, but a "not found" answers null (a volume deleted while we listed it). */
  async runOrNull(args: VirshArgs): Promise<string | null> {
    try {
      return await this.run(args);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** The raw result, errors included (for commands that print useful output and then fail). */
  runRaw(args: VirshArgs): Promise<VirshResult> {
    if (!fitsInteractiveShell(args)) {
      const { uri, env, commandTimeoutMs, readOnly } = this.options;
      return this.measured(args[0], 'oneshot', () =>
        runVirshOnce(uri, args, env, commandTimeoutMs, readOnly),
      );
    }
    return this.measured(args[0], 'session', () => this.pickSession().run(args));
  }

  /**
   * Runs one command on a one-shot virsh of its own (an SSH handshake, ~0.4 s), never on a
   * session: for a command that takes seconds (vol-list of a 10,000-volume pool calls the
   * daemon once per volume), which would hold up every command queued behind it.
   */
  async runAlone(args: VirshArgs): Promise<string> {
    const { uri, env, commandTimeoutMs, readOnly } = this.options;
    const result = await this.measured(args[0], 'oneshot', () =>
      runVirshOnce(uri, args, env, commandTimeoutMs, readOnly),
    );
    return this.answer(result);
  }

  /**
   * Runs commands framed as one batch on one session (see VirshSession.runBatch): raw
   * stdout and stderr, no error classification. Every command must fit the shell.
   */
  runBatch(commands: readonly VirshArgs[]): Promise<VirshResult> {
    if (!commands.every(fitsInteractiveShell)) {
      throw new Error('runBatch: a command does not fit the virsh shell');
    }
    const label = `batch:${commands[0]?.[0] ?? ''}`;
    return this.measured(label, 'session', () => this.pickSession().runBatch(commands));
  }

  /** Times and logs one call; a dead session means the host is unreachable. */
  private async measured(
    command: string,
    path: 'session' | 'oneshot',
    call: () => Promise<VirshResult>,
  ): Promise<VirshResult> {
    const started = performance.now();
    let result: VirshResult;
    try {
      result = await call();
    } catch (error) {
      if (path === 'session') throw new HostUnreachableError((error as Error).message);
      throw error;
    }
    const { stderr, reconnected } = stripReconnectNotices(result.stderr);
    if (reconnected) {
      this.options.logger.warn({ command }, 'virsh reconnected to libvirtd (daemon restarted?)');
      result = { ...result, stderr, ok: stderr.trim() === '' };
    }
    const seconds = (performance.now() - started) / 1000;
    const labels = { host: this.options.hostId, command, path, ok: String(result.ok) };
    virshCommandSeconds.observe(labels, seconds);
    this.options.logger.trace({ ...labels, ms: +(seconds * 1000).toFixed(2) }, 'virsh');
    return result;
  }

  private pickSession(): VirshSession {
    const open = this.sessions.filter((s) => !s.closed);
    if (open.length === 0) throw new HostUnreachableError('not connected');
    return open.reduce((a, b) => (b.queueLength < a.queueLength ? b : a));
  }

  private openSession(): VirshSession {
    return new VirshSession({
      uri: this.options.uri,
      env: this.options.env,
      readOnly: this.options.readOnly,
      logger: this.options.logger,
      commandTimeoutMs: this.options.commandTimeoutMs,
    });
  }

  /** `uri` answers only once the connection (SSH + libvirt handshake) is up. */
  private async check(session: VirshSession): Promise<void> {
    let result: VirshResult;
    try {
      result = await session.run(['uri']);
    } catch (error) {
      throw new HostUnreachableError(virshErrorMessage((error as Error).message));
    }
    if (!result.ok) throw new HostUnreachableError(virshErrorMessage(result.stderr));
  }
}
