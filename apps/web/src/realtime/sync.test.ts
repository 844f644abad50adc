import type { Host } from '@poolwatch/shared';
import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { beforeEach, describe, expect, test } from 'vitest';
import { queryKeys } from '../api/queries';
import { applyHostState, applyInventoryChanged, resyncAll } from './sync';

const host = (id: string, state: Host['state'], error: string | null = null): Host => ({
  id,
  label: id.toUpperCase(),
  uri: `qemu+ssh://root@${id}/system`,
  state,
  error,
  libvirtVersion: '9.0.0',
});

const KEYS = {
  hosts: queryKeys.hosts(),
  poolsA: queryKeys.pools('a'),
  poolA1: queryKeys.pool('a', 'p1'),
  volumesA1: queryKeys.volumes('a', 'p1'),
  volumeA1: queryKeys.volume('a', 'p1', 'v.img'),
  poolA2: queryKeys.pool('a', 'p2'),
  volumesA2: queryKeys.volumes('a', 'p2'),
  poolsB: queryKeys.pools('b'),
  volumesB1: queryKeys.volumes('b', 'p1'),
} satisfies Record<string, QueryKey>;
type Name = keyof typeof KEYS;

let client: QueryClient;

beforeEach(() => {
  client = new QueryClient();
  client.setQueryData(KEYS.hosts, [host('a', 'connected'), host('b', 'connected')]);
  for (const [name, key] of Object.entries(KEYS))
    if (name !== 'hosts') client.setQueryData(key, []);
});

const invalidated = () =>
  (Object.keys(KEYS) as Name[]).filter((name) => client.getQueryState(KEYS[name])?.isInvalidated);

describe('inventory:changed', () => {
  test('a pool list change invalidates everything under that host only', async () => {
    await applyInventoryChanged(client, { hostId: 'a', pool: null });
    expect(invalidated()).toEqual([
      'poolsA',
      'poolA1',
      'volumesA1',
      'volumeA1',
      'poolA2',
      'volumesA2',
    ]);
  });

  test('a pool change invalidates the pool list row and that pool subtree', async () => {
    await applyInventoryChanged(client, { hostId: 'a', pool: 'p1' });
    expect(invalidated()).toEqual(['poolsA', 'poolA1', 'volumesA1', 'volumeA1']);
  });

  test('pool names are matched exactly, not as prefixes or patterns', async () => {
    client.setQueryData(queryKeys.volumes('a', 'p1 '), []);
    await applyInventoryChanged(client, { hostId: 'a', pool: 'p1' });
    expect(client.getQueryState(queryKeys.volumes('a', 'p1 '))?.isInvalidated).toBe(false);
  });

  test('a malformed event resyncs', async () => {
    await applyInventoryChanged(client, { host: 'a' });
    expect(invalidated()).toHaveLength(Object.keys(KEYS).length);
  });
});

describe('host:state', () => {
  test('writes the host into the list without refetching it', async () => {
    await applyHostState(client, host('b', 'unreachable', 'ssh: connect refused'));
    expect(client.getQueryData<Host[]>(KEYS.hosts)).toEqual([
      host('a', 'connected'),
      host('b', 'unreachable', 'ssh: connect refused'),
    ]);
    expect(invalidated()).toEqual(['poolsB', 'volumesB1']);
  });

  test('the same state only updates the list', async () => {
    await applyHostState(client, { ...host('a', 'connected'), libvirtVersion: '10.0.0' });
    expect(client.getQueryData<Host[]>(KEYS.hosts)?.[0]?.libvirtVersion).toBe('10.0.0');
    expect(invalidated()).toEqual([]);
  });

  test('an unknown host refetches the list', async () => {
    await applyHostState(client, host('c', 'connected'));
    expect(invalidated()).toEqual(['hosts']);
  });
});

test('resync invalidates every query', async () => {
  await resyncAll(client);
  expect(invalidated()).toHaveLength(Object.keys(KEYS).length);
});
