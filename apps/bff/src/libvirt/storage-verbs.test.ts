import { describe, expect, it } from 'vitest';
import {
  poolAutostart,
  poolDefine,
  poolVerb,
  volCreate,
  volCreateFrom,
  volDelete,
  volDownload,
  volResize,
  volUpload,
  volWipe,
} from './storage-verbs.js';

const HOSTILE = "--pool x; $(id) 'q'\nline";

describe('storage verbs', () => {
  it.each([
    [poolVerb('pool-start', 'u1'), ['pool-start', '--', 'u1']],
    [poolAutostart({ pool: 'u1', enabled: false }), ['pool-autostart', '--disable', '--', 'u1']],
    [poolAutostart({ pool: 'u1', enabled: true }), ['pool-autostart', '--', 'u1']],
    [poolDefine({ xmlFile: '/d/p.xml' }), ['pool-define', '--', '/d/p.xml']],
    [
      volCreate({ pool: 'u1', xmlFile: '/d/v.xml', prealloc: true }),
      ['vol-create', '--pool', 'u1', '--prealloc-metadata', '--', '/d/v.xml'],
    ],
    [
      volCreateFrom({ pool: 'u2', inputPool: 'u1', xmlFile: '/d/v.xml', source: 'a.raw' }),
      ['vol-create-from', '--pool', 'u2', '--inputpool', 'u1', '--', '/d/v.xml', 'a.raw'],
    ],
    [volDelete({ pool: 'u1', name: 'a' }), ['vol-delete', '--pool', 'u1', '--', 'a']],
    [volDelete({ path: '/p/a' }), ['vol-delete', '--', '/p/a']],
    [
      volWipe({ pool: 'u1', name: 'a', algorithm: 'nnsa' }),
      ['vol-wipe', '--pool', 'u1', '--algorithm', 'nnsa', '--', 'a'],
    ],
    [
      volResize({ pool: 'u1', name: 'a', capacity: 10, allocate: true, shrink: true }),
      ['vol-resize', '--pool', 'u1', '--allocate', '--shrink', '--', 'a', '10'],
    ],
    [
      volUpload({ pool: 'u1', name: 'a', file: '/dev/stdin', range: { offset: 4, length: 8 } }),
      ['vol-upload', '--pool', 'u1', '--offset', '4', '--length', '8', '--', 'a', '/dev/stdin'],
    ],
    [
      volDownload({ pool: 'u1', name: 'a', file: '/dev/fd/3' }),
      ['vol-download', '--pool', 'u1', '--', 'a', '/dev/fd/3'],
    ],
  ])('%j', (argv, expected) => {
    expect(argv).toEqual(expected);
  });

  it('keeps a hostile name one argv entry, after --', () => {
    for (const argv of [
      volDelete({ pool: 'u1', name: HOSTILE }),
      volWipe({ pool: 'u1', name: HOSTILE, algorithm: 'zero' }),
      volResize({ pool: 'u1', name: HOSTILE, capacity: 1 }),
      volUpload({ pool: 'u1', name: HOSTILE, file: '/dev/stdin' }),
    ]) {
      expect(argv.filter((a) => a === HOSTILE)).toHaveLength(1);
      expect(argv.indexOf(HOSTILE)).toBeGreaterThan(argv.indexOf('--'));
    }
  });
});
