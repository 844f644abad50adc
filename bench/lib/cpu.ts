/**
 * Where a transfer's CPU goes: every process under the given roots (the bench itself and
 * so the BFF, curl, virsh, ssh; the private libvirtd; the sandbox sshd and what it runs for
 * a session) is sampled from /proc every 100 ms (reading only pids not yet known to be
 * outside the tree), and each one's user+system time over the window is summed by what it is. Processes that start and exit inside the window count
 * up to their last sample (a 100 ms tail at most). Linux only, like the rest of the bench.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { SANDBOX_DIR } from './env.js';

const TICK_S = 0.01; // USER_HZ is 100 on Linux

interface Seen {
  label: string;
  first: number;
  last: number;
}

async function readStat(
  pid: string,
): Promise<{ comm: string; ppid: number; ticks: number } | null> {
  const text = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  // comm may hold spaces and parentheses: it ends at the last ')'.
  const end = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, end);
  const f = text.slice(end + 2).split(' ');
  return { comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
}

export class CpuSampler {
  private readonly seen = new Map<number, Seen>();
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> = Promise.resolve();

  /** roots: pids whose whole trees count; names: pid -> label for the roots themselves. */
  constructor(
    private readonly roots: number[],
    private readonly names: Map<number, string>,
  ) {}

  async start(): Promise<void> {
    await this.sample(true);
    this.timer = setInterval(() => {
      this.busy = this.busy.then(() => this.sample(false));
    }, 100);
  }

  /** CPU seconds by label over the window. */
  async stop(): Promise<Record<string, number>> {
    if (this.timer) clearInterval(this.timer);
    await this.busy;
    await this.sample(false);
    const out: Record<string, number> = {};
    for (const s of this.seen.values())
      out[s.label] = (out[s.label] ?? 0) + (s.last - s.first) * TICK_S;
    return out;
  }

  /** Pids known to be outside the tree: never read again (the sampler must cost little). */
  private readonly outside = new Set<number>();
  private readonly parents = new Map<number, number>();

  private async sample(initial: boolean): Promise<void> {
    const pids = (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
    const stats = new Map<number, { comm: string; ppid: number; ticks: number }>();
    await Promise.all(
      pids
        .filter((p) => !this.outside.has(p))
        .map(async (p) => {
          const s = await readStat(String(p));
          if (s) stats.set(p, s);
        }),
    );
    for (const [pid, s] of stats) this.parents.set(pid, s.ppid);
    const inTree = (pid: number): boolean => {
      for (let p = pid, depth = 0; p > 1 && depth < 64; depth++) {
        if (this.roots.includes(p)) return true;
        p = this.parents.get(p) ?? 0;
      }
      return false;
    };
    for (const [pid, s] of stats) {
      // A process outside the tree now stays outside: nothing here re-parents into it.
      if (!inTree(pid)) {
        this.outside.add(pid);
        continue;
      }
      const known = this.seen.get(pid);
      // exec (setpriv → bash → virsh) keeps the pid: the last name seen is what it was.
      const label = this.names.get(pid) ?? s.comm;
      if (known) {
        known.last = s.ticks;
        known.label = label;
      } else this.seen.set(pid, { label, first: initial ? s.ticks : 0, last: s.ticks });
    }
  }
}

/** The private libvirtd and the sandbox sshd: their CPU is the "host" side of a transfer. */
export async function hostPids(): Promise<number[]> {
  const files = [
    process.env.POOLWATCH_TEST_LIBVIRTD_PIDFILE ?? '/run/libvirtd-poolwatch.pid',
    path.join(SANDBOX_DIR, 'sshd.pid'),
  ];
  const pids = await Promise.all(files.map((f) => fs.readFile(f, 'utf8').then(Number, () => 0)));
  return pids.filter((p) => p > 0);
}

/** Runs one transfer while sampling the CPU of every process that takes part in it. */
export async function withCpu<T extends { ms: number }>(
  bffPid: number | null,
  go: () => Promise<T>,
): Promise<T & { cpu: Record<string, number> }> {
  const names = new Map([[process.pid, 'bench (node)']]);
  if (bffPid !== null) names.set(bffPid, 'BFF (node)');
  const sampler = new CpuSampler([process.pid, ...(await hostPids())], names);
  await sampler.start();
  const result = await go();
  return { ...result, cpu: await sampler.stop() };
}
