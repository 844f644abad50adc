/**
 * Where things live for the e2e run. Honours the same variables as scripts/lib.sh
 * (POOLWATCH_DATA, POOLWATCH_SANDBOX_SSH_PORT) so tests talk to the sandbox that
 * `bash scripts/services.sh` started.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_ROOT = path.resolve(
  process.env.POOLWATCH_DATA ?? path.join(REPO_ROOT, '.poolwatch'),
);
export const SANDBOX_DIR = path.join(DATA_ROOT, 'sandbox');
export const SSH_PORT = Number(process.env.POOLWATCH_SANDBOX_SSH_PORT ?? '2222');

/** The BFF instance under test gets its own data dir and port. */
export const BFF_DATA = path.join(DATA_ROOT, 'e2e-data');
export const BFF_PORT = Number(process.env.POOLWATCH_E2E_PORT ?? '18080');
export const BASE_URL = `http://127.0.0.1:${BFF_PORT}`;
/** Tests that stop and start a BFF of their own use this port (POOLWATCH_E2E_OWN_PORT). */
export const OWN_BFF_PORT = Number(process.env.POOLWATCH_E2E_OWN_PORT ?? String(BFF_PORT + 1));

/** Every e2e BFF creates its first admin with this password (fresh data dirs). */
export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = process.env.POOLWATCH_E2E_ADMIN_PASSWORD ?? 'e2e-admin-password';
/** The admin's signed-in browser state, written by globalSetup, used by every test. */
export const STORAGE_STATE = path.join(DATA_ROOT, 'e2e-storage-state.json');
/**
 * The README's pictures are written to docs/screenshots only by `pnpm screenshots`
 * (POOLWATCH_SCREENSHOTS=docs); every other run, README command 2 included, writes them
 * under the data dir, so a test run leaves `git status` clean.
 */
const SCREENSHOT_DIR =
  process.env.POOLWATCH_SCREENSHOTS === 'docs'
    ? path.join(REPO_ROOT, 'docs', 'screenshots')
    : path.join(DATA_ROOT, 'e2e-screenshots');
export const KIOSK_SCREENSHOT_PATH = path.join(SCREENSHOT_DIR, 'kiosk.png');
export const JOBS_SCREENSHOT_PATH = path.join(SCREENSHOT_DIR, 'jobs.png');

/** Every test pool's directory lives below here; globalSetup sweeps leftovers. */
export const POOLS_ROOT = path.join(DATA_ROOT, 'e2e-pools');

export const SANDBOX_HOST_ID = 'sandbox';
export const OFFLINE_HOST_ID = 'offline';
export const SANDBOX_URI = `qemu+ssh://root@127.0.0.1:${SSH_PORT}/system`;
/** Local socket, same daemon: used for test set-up and ground truth. */
export const LOCAL_URI = 'qemu:///system';

const sshFiles = {
  keyFile: path.join(SANDBOX_DIR, 'id_ed25519'),
  knownHostsFile: path.join(SANDBOX_DIR, 'known_hosts'),
};

export const HOSTS = [
  { id: SANDBOX_HOST_ID, label: 'Sandbox', uri: SANDBOX_URI, ...sshFiles },
  // Nothing listens on port 1: this host can never connect.
  {
    id: OFFLINE_HOST_ID,
    label: 'Offline lab',
    uri: 'qemu+ssh://root@127.0.0.1:1/system',
    ...sshFiles,
  },
];

export const BFF_MAIN = path.join(REPO_ROOT, 'apps', 'bff', 'dist', 'main.js');
export const WEB_INDEX = path.join(REPO_ROOT, 'apps', 'web', 'dist', 'index.html');
export const SCREENSHOT_PATH = path.join(SCREENSHOT_DIR, 'volumes.png');
