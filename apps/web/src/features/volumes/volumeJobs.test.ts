import { expect, test } from 'vitest';
import { makeJob } from '../../test/jobs';
import { activeJobsByVolume } from './volumeJobs';

test('a clone shows on its source and on the new volume, in the right pool only', () => {
  const clone = makeJob({
    target: { pool: 'a', volume: 'src', targetPool: 'b', targetVolume: 'dst' },
  });
  expect([...activeJobsByVolume([clone], 'lab1', 'a').keys()]).toEqual(['src']);
  expect([...activeJobsByVolume([clone], 'lab1', 'b').keys()]).toEqual(['dst']);
  expect(activeJobsByVolume([clone], 'lab2', 'a').size).toBe(0);
});

test('finished jobs and other kinds do not claim a target volume', () => {
  const done = makeJob({ state: 'succeeded' });
  const wipe = makeJob({
    kind: 'volume.wipe',
    target: { pool: 'a', volume: 'v', targetPool: null, targetVolume: 'other' },
  });
  expect(activeJobsByVolume([done], 'lab1', 'demo-images').size).toBe(0);
  expect([...activeJobsByVolume([wipe], 'lab1', 'a').keys()]).toEqual(['v']);
});
