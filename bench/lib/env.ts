/** Paths and settings, honouring the same variables as scripts/lib.sh. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_ROOT = path.resolve(
  process.env.POOLWATCH_DATA ?? path.join(REPO_ROOT, '.poolwatch'),
);
export const SANDBOX_DIR = path.join(DATA_ROOT, 'sandbox');
export const SSH_PORT = Number(process.env.POOLWATCH_SANDBOX_SSH_PORT ?? '2222');

export const SSH_URI = `qemu+ssh://root@127.0.0.1:${SSH_PORT}/system`;
export const LOCAL_URI = 'qemu:///system';
export const HOST_ID = 'sandbox';
/** The BFF's first admin: the bench signs in as it, like any client (bench/lib/bff.ts). */
export const ADMIN_USER = 'admin';

export const BENCH_DIR = path.join(DATA_ROOT, 'bench');
export const POOL = 'pw-bench-1000';
export const POOL_DIR = path.join(BENCH_DIR, POOL);
export const VOLUMES = 1000;
export const BFF_DATA = path.join(BENCH_DIR, 'bff-data');
export const BFF_MAIN = path.join(REPO_ROOT, 'apps', 'bff', 'dist', 'main.js');

export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '5');
export const WARM_REQUESTS = Number(process.env.BENCH_WARM ?? '300');

export const GOALS = { coldRatio: 1.2, warmP95Ms: 20 } as const;

/** Raw virsh reaches the sandbox exactly as the BFF does: same URI, same key, same known_hosts. */
export const sshEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: `${path.join(SANDBOX_DIR, 'bin')}:${process.env.PATH ?? ''}`,
  LC_ALL: 'C.UTF-8',
});

export const BFF_HOSTS = [
  {
    id: HOST_ID,
    label: 'Sandbox',
    uri: SSH_URI,
    keyFile: path.join(SANDBOX_DIR, 'id_ed25519'),
    knownHostsFile: path.join(SANDBOX_DIR, 'known_hosts'),
  },
];

// ---- jobs bench (bench/jobs.bench.ts) ---------------------------------------------------

export const JOBS_POOL = 'pw-bench-jobs';
export const JOBS_POOL_DIR = path.join(BENCH_DIR, JOBS_POOL);
export const JOBS_BFF_DATA = path.join(BENCH_DIR, 'jobs-bff-data');
export const GIB = 2 ** 30;
/** Interleaved raw/BFF rounds of 1 GiB upload + download, and 1 GiB clones. */
export const JOBS_ROUNDS = Number(process.env.BENCH_JOBS_ROUNDS ?? '3');
export const CLONE_ROUNDS = Number(process.env.BENCH_CLONE_ROUNDS ?? '2');
/** The RSS phase uploads the 1 GiB source this many times in one request. */
export const RSS_UPLOAD_GIB = 4;

export const JOBS_GOALS = {
  uploadRatio: 0.9,
  downloadRatio: 0.9,
  peakRssMb: 250,
  progressErrorPct: 2,
  progressHzMin: 2,
  progressHzMax: 4,
  latencyP95Ms: 500,
} as const;
