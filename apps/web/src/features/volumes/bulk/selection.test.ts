import { describe, expect, test } from 'vitest';
import { headerCheck, pruneSelection, toggleOne, toggleVisible } from './selection';

const set = (...names: string[]) => new Set(names);

describe('volume selection', () => {
  test('toggleOne adds and removes one exact name', () => {
    expect(toggleOne(set('a'), 'b')).toEqual(set('a', 'b'));
    expect(toggleOne(set('a', 'b'), 'a')).toEqual(set('b'));
    expect(toggleOne(set('a b'), 'a')).toEqual(set('a b', 'a'));
  });

  test.each([
    ['nothing of the visible selected', set('x'), ['a', 'b'], 'none'],
    ['part of the visible selected', set('a', 'x'), ['a', 'b'], 'some'],
    ['all of the visible selected', set('a', 'b'), ['a', 'b'], 'all'],
    ['no visible rows', set('a'), [], 'none'],
  ] as const)('headerCheck: %s', (_what, selected, visible, expected) => {
    expect(headerCheck(selected, visible)).toBe(expected);
  });

  test('the header box selects every visible row, then clears only them', () => {
    const once = toggleVisible(set('hidden'), ['a', 'b']);
    expect(once).toEqual(set('hidden', 'a', 'b'));
    expect(toggleVisible(once, ['a', 'b'])).toEqual(set('hidden'));
    expect(toggleVisible(set('a'), ['a', 'b'])).toEqual(set('a', 'b'));
  });

  test('pruneSelection drops volumes that are gone and keeps the same Set otherwise', () => {
    const selected = set('a', 'b');
    expect(pruneSelection(selected, ['a', 'b', 'c'])).toBe(selected);
    expect(pruneSelection(selected, ['b'])).toEqual(set('b'));
    const empty = set();
    expect(pruneSelection(empty, [])).toBe(empty);
  });
});
