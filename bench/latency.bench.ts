/**
 * Latency bench: the figures the tests no longer assert (they check outcomes with generous
 * bounds), measured on a real BFF over the sandbox sshd and printed against the goals:
 *   1. cancel → host quiet: from the cancel request until a /proc pass (HolderWatch, from
 *      @poolwatch/host-truth) finds nothing holding the target, for dd clones, qemu-img
 *      clones, dd and scrub wipes (goal ≤ 1 s)
 *   2. host → socket: from `virsh vol-create-as` / `vol-delete` by someone else until the
 *      browser's socket gets `inventory:changed` for the pool (goal ≤ 5 s)
 *   3. revoke → signed out: from DELETE /api/kiosk-tokens/:id until the kiosk's socket gets
 *      `auth:signed-out` (goal ≤ 5 s)
 * Never fails on timing. Needs the services (`sudo bash scripts/services.sh`, or run inside
 * scripts/private-libvirt.sh) and `pnpm build`. Run: `pnpm --filter ./bench bench:latency`.
 */
import path from 'node:path';
import { HolderWatch, virsh, writeAllocated, writeFilled } from '@poolwatch/host-truth';
import { apiPaths, isActiveJobState, type Job, type KioskTokenCreated } from '@poolwatch/shared';
import { BenchSession, Figures, log } from './lib/bench-session.js';
import { BENCH_DIR, GIB, HOST_ID } from './lib/env.js';
import { nextEvent, type AdminClient, type TypedSocket } from './lib/latency-client.js';
import { max, median, ms, table } from './lib/stats.js';

const POOL = 'pw-bench-latency';
const session = new BenchSession(POOL, path.join(BENCH_DIR, 'latency-bff-data'));
const POOL_DIR = session.poolDir;
const ROUNDS = Number(process.env.BENCH_LATENCY_ROUNDS ?? '3');
const SOURCE = 'source.raw';
const WIPE = 'wipe.raw';
const GOALS = { cancelMs: 1000, hostToSocketMs: 5000, revokeMs: 5000 };

const figures = new Figures();
const record = (what: string, value: number) => figures.record(what, value);

// Non-zero everywhere: neither dd (sparse) nor qemu-img (holes) can skip any of it.
const createPool = () =>
  session.createPool(async (dir) => {
    await writeFilled(path.join(dir, SOURCE), 2 * GIB, 'yes');
    await writeAllocated(path.join(dir, WIPE), 2 * GIB);
  });

const startBff = () => session.startBff({ fresh: true });

const fraction = (job: { progress: { dataProcessed: number | null; dataTotal: number | null } }) =>
  job.progress.dataProcessed !== null && job.progress.dataTotal
    ? job.progress.dataProcessed / job.progress.dataTotal
    : 0;

/** Starts a job on `file`, cancels it past 10 %, and times the host going quiet. */
async function cancelToQuiet(
  admin: AdminClient,
  socket: TypedSocket,
  what: string,
  file: string,
  submit: () => Promise<{ status: number; body: Job }>,
): Promise<void> {
  const watch = new HolderWatch(file);
  await watch.start();
  try {
    const started = await submit();
    if (started.status !== 202) throw new Error(`${what}: HTTP ${started.status}`);
    const id = started.body.id;
    const ended = nextEvent(
      socket,
      'job:updated',
      (j) => j.id === id && !isActiveJobState(j.state),
      120_000,
    );
    ended.catch(() => undefined); // awaited below; never unhandled when the cancel fails first
    await nextEvent(socket, 'job:progress', (e) => e.id === id && fraction(e) >= 0.1, 60_000);
    const t0 = Date.now();
    const reply = await admin.call<Job>('POST', apiPaths.jobCancel(id));
    if (reply.status !== 202) throw new Error(`${what}: cancel answered ${reply.status}`);
    const quiet = await watch.quietAfter(t0, 15_000);
    await ended;
    if (quiet.ms < 0) log(`[${what}: NOT quiet within 15 s: ${quiet.timeline.join(' | ')}] `);
    else record(`cancel → quiet: ${what}`, quiet.ms);
    log(`[${what} ${quiet.ms} ms] `);
  } finally {
    await watch.stop();
  }
}

async function cancelRounds(admin: AdminClient, socket: TypedSocket): Promise<void> {
  const clone = (name: string, format?: string) => () =>
    admin.call<Job>('POST', apiPaths.volumeClone(HOST_ID, POOL, SOURCE), { name, format });
  const wipe = (algorithm: string) => () =>
    admin.call<Job>('POST', apiPaths.volumeWipe(HOST_ID, POOL, WIPE), { algorithm });
  for (let i = 0; i < ROUNDS; i += 1) {
    for (const format of ['raw', 'qcow2'] as const) {
      const name = `cancelled-${i}.${format}`;
      await cancelToQuiet(
        admin,
        socket,
        `clone raw→${format}`,
        path.join(POOL_DIR, name),
        clone(name, format),
      );
    }
    for (const algorithm of ['zero', 'nnsa'])
      await cancelToQuiet(
        admin,
        socket,
        `wipe ${algorithm}`,
        path.join(POOL_DIR, WIPE),
        wipe(algorithm),
      );
  }
}

async function hostToSocketRounds(admin: AdminClient, socket: TypedSocket): Promise<void> {
  // Volume lists are re-read only for pools someone looked at lately: look, like a browser.
  await admin.call('GET', apiPaths.volumes(HOST_ID, POOL));
  const changed = () => nextEvent(socket, 'inventory:changed', (e) => e.pool === POOL);
  for (let i = 0; i < ROUNDS; i += 1) {
    const name = `by-someone-else-${i}.raw`;
    for (const [what, args] of [
      ['vol-create-as', ['vol-create-as', '--pool', POOL, '--name', name, '--capacity', '1M']],
      ['vol-delete', ['vol-delete', '--pool', POOL, '--', name]],
    ] as const) {
      const seen = changed();
      const t0 = Date.now();
      await virsh(...args);
      record(`host → socket: ${what}`, (await seen) - t0);
    }
  }
}

async function revokeRounds(admin: AdminClient): Promise<void> {
  for (let i = 0; i < ROUNDS; i += 1) {
    const created = await admin.call<KioskTokenCreated>('POST', apiPaths.kioskTokens(), {
      label: `bench wall ${i}`,
    });
    const kiosk = await admin.connect({ token: created.body.token });
    try {
      const signedOut = nextEvent(kiosk, 'auth:signed-out', () => true);
      const t0 = Date.now();
      await admin.call('DELETE', apiPaths.kioskToken(created.body.id));
      record('revoke → signed out', (await signedOut) - t0);
    } finally {
      kiosk.close();
    }
  }
}

function report(): void {
  const goal = (what: string) =>
    what.startsWith('cancel')
      ? GOALS.cancelMs
      : what.startsWith('host')
        ? GOALS.hostToSocketMs
        : GOALS.revokeMs;
  const rows = [...figures].map(([what, values]) => {
    const g = goal(what);
    return [
      what,
      String(values.length),
      ms(median(values)),
      ms(max(values)),
      `≤ ${g} ms`,
      max(values) <= g ? 'met' : 'MISSED',
    ];
  });
  console.log(`\nLatency (${ROUNDS} rounds; outcomes are the tests' job, these are figures)`);
  console.log(table([['what', 'n', 'median', 'max', 'goal', ''], ...rows]));
}

await session.main('latency bench', async () => {
  await createPool();
  const { admin, socket } = await startBff();
  log('cancel → quiet: ');
  await cancelRounds(admin, socket);
  log('\nhost → socket, revoke → signed out…\n');
  await hostToSocketRounds(admin, socket);
  await revokeRounds(admin);
  socket.close();
  report();
});
