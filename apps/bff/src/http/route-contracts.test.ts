import type { Router } from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pathOf, routeList, routes, type RouteContract } from '@poolwatch/shared';
import { hostileVolumeNames } from '@poolwatch/shared/testing';
import { describeMutation } from '../auth/audit-actions.js';
import { apiRoutes } from '../test-support/api-routes.js';
import {
  asClient,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../test-support/auth-harness.js';

/**
 * The API router and the shared route contracts are the same list: a handler without a
 * contract (unaudited, unknown to the client) or a contract without a handler fails here.
 */
let h: Harness;
let admin: Client;
let viewer: Client;

beforeAll(async () => {
  h = await startHarness();
  await h.auth.bootstrap('admin-password');
  await h.auth.users.add('vera', 'viewer-password', 'viewer');
  admin = await signIn(h.base, 'admin', 'admin-password');
  viewer = await signIn(h.base, 'vera', 'viewer-password');
});
afterAll(() => h.close());

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('router ↔ contracts', () => {
  test('every registered /api route has a contract and every contract a handler, once', () => {
    const registered = apiRoutes(h.app.locals.apiRouter as Router).map(key);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual(routeList.map(key).sort());
  });
});

/** Fills a contract's path with `name` for every parameter but the host id. */
const params = (contract: RouteContract, name: string): Record<string, string> =>
  Object.fromEntries(
    Object.keys(contract.params).map((p) => [p, p === 'hostId' ? 'sandbox' : name]),
  );

const audited = routeList.filter((c) => c.audit && !c.auditsItself);

describe('audit action names derive from the contracts', () => {
  test.each(audited.flatMap((c) => hostileVolumeNames('victim').map((n) => [c.id, n, c] as const)))(
    '%s with %j',
    (_id, name, contract) => {
      const values = params(contract, name);
      const path = (pathOf as (c: RouteContract, p: object) => string)(contract, values);
      expect(describeMutation(contract.method, path.slice('/api'.length))).toEqual({
        action: contract.audit,
        target: Object.keys(contract.params).length > 0 ? Object.values(values).join('/') : null,
      });
    },
  );

  test('an unknown mutation is named by method and path', () => {
    expect(describeMutation('PATCH', '/hosts/h')).toEqual({
      action: 'PATCH /hosts/h',
      target: null,
    });
  });
});

const downloadPath = '/api/hosts/sandbox/pools/p/volumes/v/content';

describe('the download check follows Express’s matching', () => {
  // Express routes `/content/` and `/CONTENT` to the download handler too: each must be
  // audited as a download (a hand-written regex missed both), and stay admin-only.
  test.each([`${downloadPath}/`, downloadPath.replace('content', 'CONTENT')])(
    'GET %s is audited as volume.download',
    async (path) => {
      const before = h.auth.audit.page({ limit: 1000 }).entries.length;
      const asViewer = await fetch(h.base + path, { headers: { cookie: viewer.cookie } });
      expect(asViewer.status).toBe(403);
      // The admin reaches the handler (the storage stub then fails it: 500), audited too.
      const asAdmin = await fetch(h.base + path, { headers: asClient(admin) });
      expect(asAdmin.status).toBe(500);
      const entries = h.auth.audit.page({ limit: 1000 }).entries;
      expect(entries.length - before).toBe(2);
      expect(entries.slice(0, 2).map((e) => [e.action, e.actor, e.outcome])).toEqual([
        ['volume.download', 'admin', 'failed'],
        ['volume.download', 'vera', 'denied'],
      ]);
    },
  );
});

describe('a mutation that fails in its handler', () => {
  test('is audited by its action (not by the full URL the error handler sees)', async () => {
    // The job engine is a stub here: cancel throws, the app's error handler answers 500.
    const res = await fetch(`${h.base}/api/jobs/j%201/cancel`, {
      method: 'POST',
      headers: asClient(admin),
      body: '{}',
    });
    expect(res.status).toBe(500);
    const [entry] = h.auth.audit.page({ limit: 1 }).entries;
    expect(entry).toMatchObject({ action: 'job.cancel', target: 'j 1', outcome: 'failed' });
  });
});

describe('params are validated with the contracts’ schemas before a handler runs', () => {
  test.each([
    ['pools', { hostId: 'Bad Id; reboot' }, 'invalid host id "Bad Id; reboot"'],
    ['volumes', { hostId: 'sandbox', pool: '..\u0000' }, 'invalid pool name "..\\u0000"'],
    [
      'volume',
      { hostId: 'sandbox', pool: 'p', volume: 'v'.repeat(256) },
      'invalid volume name "vvv',
    ],
  ] as const)('%s %j', async (id, values, message) => {
    const contract: RouteContract = routes[id];
    const path = (pathOf as (c: RouteContract, p: object) => string)(contract, values);
    const res = await fetch(h.base + path, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { id: string; message: string } };
    expect(body.error.id).toBe('bad_request');
    expect(body.error.message.startsWith(message)).toBe(true);
  });
});
