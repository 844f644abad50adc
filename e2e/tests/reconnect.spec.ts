/**
 * socket.io delivers at most once: a browser whose link dropped must resync when it comes
 * back. Volumes are created while the page cannot hear about them (the server is gone, or
 * only the page's link is cut); the page must show them once the link is back, without
 * a reload.
 */
import { expect, test, type WebSocketRoute } from '@playwright/test';
import { getVolumes } from '../support/bff.js';
import { OWN_BFF_PORT, SANDBOX_HOST_ID } from '../support/env.js';
import { signInAdmin } from '../support/auth.js';
import { OwnBff } from '../support/own-bff.js';
import { createDirPool, uniqueName, type TestPool } from '../support/pools.js';
import { attrValues, markPage, pageWasKept, uiPaths, volumeRow } from '../support/ui.js';
import { virsh } from '../support/virsh.js';

let pool: TestPool;
const bff = new OwnBff(OWN_BFF_PORT);

test.beforeAll(async () => {
  pool = await createDirPool(uniqueName('pw-e2e-resync'), [
    { name: 'before.raw', kind: 'raw', size: 1024 * 1024 },
  ]);
  await bff.start();
});

test.afterAll(async () => {
  await bff.stop();
  await pool?.destroy();
});

test('after the server was gone, the page resyncs what it missed, without reload', async ({
  page,
}) => {
  // This BFF has its own users and sessions: sign this page in there.
  await signInAdmin(page.request, bff.url);
  await page.goto(bff.url + uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  await expect
    .poll(() => attrValues(page, 'volume-row', 'data-volume-name'))
    .toEqual(['before.raw']);
  await markPage(page);

  const refresh = page.getByTestId('pool-action-refresh');
  await expect(refresh).toBeEnabled();
  await bff.stop();
  await expect(page.getByTestId('live-status')).not.toHaveText('live');
  // The page says the server is gone and acts on nothing until it is back.
  await expect(page.getByTestId('server-unreachable')).toBeVisible({ timeout: 15_000 });
  await expect(refresh).toBeDisabled();
  await virsh('vol-create-as', '--pool', pool.name, '--name', 'while-away.raw', '--capacity', '1M');

  await bff.start();
  await expect(page.getByTestId('live-status')).toHaveText('live', { timeout: 15_000 });
  await expect(page.getByTestId('server-unreachable')).toHaveCount(0);
  await expect(refresh).toBeEnabled();
  await expect
    .poll(() => attrValues(page, 'volume-row', 'data-volume-name'))
    .toEqual(['before.raw', 'while-away.raw']);
  expect(await pageWasKept(page)).toBe(true);
});

test('a browser whose link dropped resyncs the events it missed', async ({ page, request }) => {
  // Cut this page's socket.io link (long-polling and WebSocket) while the server runs on.
  let offline = false;
  let sockets: WebSocketRoute[] = [];
  await page.route('**/socket.io/**', (route) => (offline ? route.abort() : route.continue()));
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (offline) return ws.close();
    ws.connectToServer();
    sockets.push(ws);
  });

  await page.goto(uiPaths.pool(SANDBOX_HOST_ID, pool.name));
  await expect(page.getByTestId('live-status')).toHaveText('live');
  const before = await attrValues(page, 'volume-row', 'data-volume-name');
  await markPage(page);

  offline = true;
  await page.context().setOffline(true);
  await Promise.all(sockets.map((ws) => ws.close()));
  sockets = [];
  await expect(page.getByTestId('live-status')).not.toHaveText('live');

  const missed = uniqueName('missed') + '.raw';
  await virsh('vol-create-as', '--pool', pool.name, '--name', missed, '--capacity', '1M');
  // The server has seen it (and sent its event into the void) once its API lists it.
  await expect
    .poll(async () => (await getVolumes(request, pool.name)).map((v) => v.name), {
      timeout: 10_000,
    })
    .toContain(missed);
  await expect(volumeRow(page, missed)).toHaveCount(0);

  offline = false;
  await page.context().setOffline(false);
  await expect(page.getByTestId('live-status')).toHaveText('live', { timeout: 15_000 });
  await expect
    .poll(() => attrValues(page, 'volume-row', 'data-volume-name'))
    .toEqual([...before, missed].sort());
  expect(await pageWasKept(page)).toBe(true);
});
