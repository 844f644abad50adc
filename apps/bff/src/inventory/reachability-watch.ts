import type { Logger } from '../logger.js';
import { probeSsh, resolveSshEndpoint, type SshEndpoint } from '../libvirt/ssh-probe.js';

export interface ReachabilityWatchOptions {
  uri: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Time between probes; 0 turns the watch off. */
  intervalMs: number;
}

/** A probe that takes longer than this counts as a failure ("no SSH answer"). */
const PROBE_TIMEOUT_MS = 3000;

/**
 * Notices a host that cannot be reached any more although its sessions still answer: the
 * long-lived virsh sessions keep their SSH connections when sshd itself is gone (each
 * connection has its own process), so every new connection (a storage job's writer, a
 * one-shot virsh, a reconnect) would fail while the inventory looked live. Every intervalMs
 * it checks that sshd answers a new connection; the first failure calls `onDown` with the
 * reason (interval + PROBE_TIMEOUT_MS at worst: 8 s by default).
 */
export class ReachabilityWatch {
  private timer: NodeJS.Timeout | null = null;
  private endpoint: Promise<SshEndpoint | null> | null = null;
  private generation = 0;

  constructor(private readonly options: ReachabilityWatchOptions) {}

  start(onDown: (reason: string) => void): void {
    this.stop();
    if (this.options.intervalMs <= 0) return;
    const generation = this.generation;
    this.endpoint ??= resolveSshEndpoint(this.options.uri, this.options.env).catch(
      (error: Error) => {
        this.options.logger.warn({ err: error.message }, 'cannot resolve the SSH endpoint');
        this.endpoint = null; // try again at the next connection
        return null;
      },
    );
    const tick = async () => {
      const endpoint = await this.endpoint;
      if (endpoint === null || generation !== this.generation) return;
      const reason = await probeSsh(endpoint, PROBE_TIMEOUT_MS);
      if (generation !== this.generation) return;
      if (reason !== null) {
        this.stop();
        onDown(reason);
        return;
      }
      this.timer = setTimeout(() => void tick(), this.options.intervalMs);
      this.timer.unref();
    };
    this.timer = setTimeout(() => void tick(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.generation += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
