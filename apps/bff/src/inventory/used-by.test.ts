import { describe, expect, test } from 'vitest';
import type { VolumeFacts } from '@poolwatch/shared';
import { backingIndex, describeUsers, usedByIndex } from './used-by.js';

const volume = (path: string, backingStore: string | null = null): VolumeFacts => ({
  name: path.split('/').at(-1)!,
  key: path,
  path,
  type: 'file',
  format: backingStore ? 'qcow2' : 'raw',
  capacity: 1,
  allocation: 1,
  error: null,
  backingStore,
});

describe('usedByIndex', () => {
  const base = volume('/a/base.raw');
  const lookup = usedByIndex(
    [
      { pool: 'a', volume: base },
      { pool: 'b', volume: volume('/b/over.qcow2', '/a/base.raw') },
      { pool: 'a', volume: volume('/a/rel.qcow2', 'base.raw') },
      { pool: 'a', volume: volume('/a/lone.raw') },
    ],
    [
      {
        name: 'vm1',
        uuid: 'u1',
        state: 'running',
        sources: [{ kind: 'path', path: '/a//base.raw' }],
      },
      {
        name: 'vm2',
        uuid: 'u2',
        state: 'shut off',
        sources: [{ kind: 'volume', pool: 'a', volume: 'base.raw' }],
      },
      {
        name: 'vm3',
        uuid: 'u3',
        state: 'paused',
        sources: [
          { kind: 'volume', pool: 'b', volume: 'base.raw' }, // same name, other pool
          { kind: 'path', path: '/b/over.qcow2' },
        ],
      },
    ],
  );

  test('overlays in any pool (absolute and relative backing) and domains by path or by pool+volume', () => {
    expect(lookup('a', base)).toEqual([
      { kind: 'volume', pool: 'b', name: 'over.qcow2' },
      { kind: 'volume', pool: 'a', name: 'rel.qcow2' },
      { kind: 'domain', name: 'vm1', state: 'running' },
      { kind: 'domain', name: 'vm2', state: 'shut off' },
    ]);
    expect(lookup('b', volume('/b/over.qcow2', '/a/base.raw'))).toEqual([
      { kind: 'domain', name: 'vm3', state: 'paused' },
    ]);
    expect(lookup('a', volume('/a/lone.raw'))).toEqual([]);
  });

  test('a domain with two disks on one volume is named once', () => {
    const once = usedByIndex(
      [],
      [
        {
          name: 'twice',
          uuid: 'u',
          state: 'running',
          sources: [
            { kind: 'path', path: '/a/base.raw' },
            { kind: 'volume', pool: 'a', volume: 'base.raw' },
          ],
        },
      ],
    );
    expect(once('a', base)).toEqual([{ kind: 'domain', name: 'twice', state: 'running' }]);
  });

  test('the 409 message names each user', () => {
    expect(
      describeUsers([
        { kind: 'volume', pool: 'b', name: 'over.qcow2' },
        { kind: 'domain', name: 'vm1', state: 'running' },
      ]),
    ).toBe('volume "over.qcow2" in pool "b" (its backing store), domain "vm1" (running)');
  });
});

describe('backingIndex', () => {
  const backingOf = backingIndex([
    { pool: 'a', volume: volume('/a/base.raw') },
    { pool: 'b', volume: volume('/b/over.qcow2', '/a/base.raw') },
  ]);

  test.each([
    [
      'an absolute path in another pool',
      volume('/b/x.qcow2', '/a/base.raw'),
      { pool: 'a', name: 'base.raw' },
    ],
    [
      'a relative path, against the overlay directory',
      volume('/a/rel.qcow2', 'base.raw'),
      { pool: 'a', name: 'base.raw' },
    ],
    [
      'an unnormalized path',
      volume('/b/y.qcow2', '/a/./x/../base.raw'),
      { pool: 'a', name: 'base.raw' },
    ],
    ['a file outside every pool', volume('/b/z.qcow2', '/srv/loose.raw'), null],
    ['no backing store', volume('/a/lone.raw'), null],
  ])('%s', (_what, overlay, expected) => {
    expect(backingOf(overlay)).toEqual(expected);
  });
});
