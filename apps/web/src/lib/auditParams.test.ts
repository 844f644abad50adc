import { expect, test } from 'vitest';
import { paramLines } from './auditParams';

test.each([
  ['nothing', null, []],
  ['empty', {}, []],
  [
    'sizes as IEC units with the exact bytes, other numbers as they are',
    { name: 'disk.raw', capacity: 4 * 1024 ** 3, passes: 3 },
    [
      { key: 'name', text: 'disk.raw' },
      { key: 'capacity', text: '4 GiB (4,294,967,296 bytes)' },
      { key: 'passes', text: '3' },
    ],
  ],
  [
    'nested objects flatten to dotted keys; booleans and arrays read plainly',
    { target: { pool: 'images', sizeBytes: 1024 }, force: true, names: ['a', 'b'], note: null },
    [
      { key: 'target.pool', text: 'images' },
      { key: 'target.sizeBytes', text: '1 KiB (1,024 bytes)' },
      { key: 'force', text: 'yes' },
      { key: 'names', text: '["a","b"]' },
      { key: 'note', text: '—' },
    ],
  ],
  [
    'a change reads old → new on one line; rates per second, null as no limit',
    {
      bytesPerSecond: { from: 50 * 1024 ** 2, to: null },
      state: { from: 'running', to: 'paused' },
      jobId: 'j1',
    },
    [
      { key: 'bytesPerSecond', text: '50 MiB/s → no limit' },
      { key: 'state', text: 'running → paused' },
      { key: 'jobId', text: 'j1' },
    ],
  ],
])('%s', (_what, params, expected) => {
  expect(paramLines(params as Record<string, unknown> | null)).toEqual(expected);
});
