/**
 * What the start and latency benches share: a dir pool of their own under BENCH_DIR, one BFF
 * at a time signed in as the admin with its socket open, figures by name, and a main that
 * checks the build and cleans up (BFF, pool, data directory) on a signal and at the end.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { tryVirsh, virsh } from '@poolwatch/host-truth';
import { Bff } from './bff.js';
import { BENCH_DIR, BFF_MAIN } from './env.js';
import { cleanUpOnSignal } from './interrupt.js';
import { AdminClient, type TypedSocket } from './latency-client.js';

export const log = (s: string) => process.stderr.write(s);

/** Measured values by what they measure, in the order first recorded. */
export class Figures extends Map<string, number[]> {
  record(what: string, value: number): void {
    this.set(what, [...(this.get(what) ?? []), value]);
  }
}

export class BenchSession {
  readonly poolDir: string;
  /** The BFF running now (null between rounds): stopped by the clean-up. */
  bff: Bff | null = null;

  constructor(
    readonly pool: string,
    readonly bffData: string,
  ) {
    this.poolDir = path.join(BENCH_DIR, pool);
  }

  /** Removes the pool only if it is ours (its target is our directory), then the directory. */
  async destroyPool(): Promise<void> {
    const xml = await tryVirsh('pool-dumpxml', '--pool', this.pool);
    if (xml?.includes(`<path>${this.poolDir}</path>`))
      await tryVirsh('pool-destroy', '--pool', this.pool);
    await fs.rm(this.poolDir, { recursive: true, force: true });
  }

  /** A fresh transient dir pool whose files `fill` writes before libvirt sees it. */
  async createPool(fill: (dir: string) => Promise<void>): Promise<void> {
    await this.destroyPool();
    await fs.mkdir(this.poolDir, { recursive: true });
    await fill(this.poolDir);
    await virsh('pool-create-as', '--name', this.pool, '--type', 'dir', '--target', this.poolDir);
  }

  /** Starts a BFF on bffData (`fresh`: empty it first), connected and signed in. */
  async startBff(
    { fresh }: { fresh: boolean } = { fresh: false },
  ): Promise<{ admin: AdminClient; socket: TypedSocket; bff: Bff }> {
    if (fresh) await fs.rm(this.bffData, { recursive: true, force: true });
    const started = await Bff.start(this.bffData);
    this.bff = started;
    await started.healthy();
    const admin = AdminClient.of(started.url, await started.signIn());
    await started.hostConnected();
    return { admin, socket: await admin.connect(), bff: started };
  }

  async stopBff(): Promise<void> {
    await this.bff?.stop();
    this.bff = null;
  }

  async cleanUp(): Promise<void> {
    await this.stopBff();
    await this.destroyPool();
    await fs.rm(this.bffData, { recursive: true, force: true });
  }

  /** Runs a bench body: the build must exist; a signal or the end cleans up. */
  async main(what: string, body: () => Promise<void>): Promise<void> {
    if (!existsSync(BFF_MAIN)) throw new Error(`${BFF_MAIN} is missing: run \`pnpm build\` first`);
    cleanUpOnSignal(
      what,
      new AbortController(),
      () => this.cleanUp(),
      () => this.bff?.killNow(),
    );
    try {
      await body();
    } finally {
      await this.cleanUp();
    }
  }
}
