import { expect, test } from 'vitest';
import { makeHost, makePool } from '../../test/api';
import { makeJob } from '../../test/jobs';
import { isDimmed, parseDim, parseFailureWindow, recentFailures } from './kioskData';
import { splitTiles } from './kioskTiles';

const at = (hh: number, mm: number) => new Date(2026, 11, 2, hh, mm);

test.each([
  ['22:00-07:00', { start: 1320, end: 420 }],
  ['9:30-17:05', { start: 570, end: 1025 }],
  ['24:00-07:00', null],
  ['22:60-07:00', null],
  ['07:00-07:00', null],
  ['22-07', null],
  ['', null],
])('parseDim(%j)', (value, expected) => {
  expect(parseDim(value)).toEqual(expected);
});

test.each([
  // window wrapping midnight
  ['22:00-07:00', 21, 59, false],
  ['22:00-07:00', 22, 0, true],
  ['22:00-07:00', 3, 0, true],
  ['22:00-07:00', 6, 59, true],
  ['22:00-07:00', 7, 0, false],
  // window within a day
  ['12:00-13:00', 12, 30, true],
  ['12:00-13:00', 13, 0, false],
  ['12:00-13:00', 11, 59, false],
])('isDimmed(%s) at %i:%i = %s', (dim, hh, mm, expected) => {
  expect(isDimmed(parseDim(dim), at(hh, mm))).toBe(expected);
});

test('no ?dim: never dimmed', () => {
  expect(isDimmed(parseDim(null), at(3, 0))).toBe(false);
});

test.each([
  [null, 24],
  ['6', 6],
  ['0.5', 0.5],
  ['0', 24],
  ['-3', 24],
  ['soon', 24],
  ['100000', 24],
])('parseFailureWindow(%j) = %d h', (value, hours) => {
  expect(parseFailureWindow(value)).toBe(hours);
});

test('recent failures: only within the window, newest first, at most five', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const ago = (h: number) => new Date(now - h * 3_600_000).toISOString();
  const jobs = [
    makeJob({ id: 'old', state: 'failed', endedAt: ago(30) }),
    makeJob({ id: 'ok', state: 'succeeded', endedAt: ago(1) }),
    makeJob({ id: 'f2', state: 'failed', endedAt: ago(2) }),
    makeJob({ id: 'i1', state: 'interrupted', endedAt: ago(1) }),
    ...[3, 4, 5, 6, 7].map((h) => makeJob({ id: `f${h}`, state: 'failed', endedAt: ago(h) })),
  ];
  expect(recentFailures(jobs, now).map((j) => j.id)).toEqual(['i1', 'f2', 'f3', 'f4', 'f5']);
  expect(recentFailures(jobs, now, 48, 10).map((j) => j.id)).toContain('old');
  expect(recentFailures(jobs, now, 1.5).map((j) => j.id)).toEqual(['i1']);
});

test('a host with more pools than a tile holds is split into parts, sorted naturally', () => {
  const host = makeHost({ id: 'big' });
  const small = makeHost({ id: 'small' });
  const pools = [12, 3, 1, 2, 10, 11, 4].map((n) => makePool({ name: `p${n}` }));
  const tiles = splitTiles([small, host], [[makePool({ name: 'only' })], pools], 3);
  expect(
    tiles.map((t) => `${t.host.id} ${t.part}/${t.parts}: ${t.pools?.map((p) => p.name).join(',')}`),
  ).toEqual(['small 1/1: only', 'big 1/3: p1,p2,p3', 'big 2/3: p4,p10,p11', 'big 3/3: p12']);
  expect(tiles.map((t) => t.hostIndex)).toEqual([0, 1, 1, 1]);
});

test('unloaded and empty hosts are one tile each; nothing measured means no split', () => {
  const a = makeHost({ id: 'a' });
  const b = makeHost({ id: 'b' });
  expect(splitTiles([a, b], [undefined, []], 2).map((t) => [t.host.id, t.parts, t.pools])).toEqual([
    ['a', 1, undefined],
    ['b', 1, []],
  ]);
  const many = Array.from({ length: 50 }, (_, i) => makePool({ name: `v${i}` }));
  expect(splitTiles([a], [many], Infinity)).toHaveLength(1);
});
