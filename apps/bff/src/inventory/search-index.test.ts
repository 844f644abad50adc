import { describe, expect, test } from 'vitest';
import { normalize, search, SearchSegment, type SearchItem } from './search-index.js';

const vol = (name: string, pool = 'default', hostId = 'h1'): SearchItem => ({
  kind: 'volume',
  hostId,
  pool,
  name,
  path: `/pools/${pool}/${name}`,
});

const names = (answer: ReturnType<typeof search>) => answer.results.map((r) => r.name);

describe('search index', () => {
  test('ranks exact, then prefix, then word start, then anywhere in the name, then path', () => {
    const segment = new SearchSegment([
      vol('xdebian'),
      vol('debian-12.qcow2'),
      vol('debian'),
      vol('my-debian'),
      {
        kind: 'volume',
        hostId: 'h1',
        pool: 'debian-pool',
        name: 'root.img',
        path: '/srv/debian/root.img',
      },
    ]);
    const answer = search([segment], 'Debian', 10);
    expect(names(answer)).toEqual([
      'debian',
      'debian-12.qcow2',
      'my-debian',
      'xdebian',
      'root.img',
    ]);
    expect(answer.results.map((r) => (r.kind === 'host' ? null : r.match))).toEqual([
      'name',
      'name',
      'name',
      'name',
      'path',
    ]);
    expect(answer.total).toBe(5);
  });

  test('hosts before pools before volumes on equal rank; a host is found by its id too', () => {
    const segments = [
      new SearchSegment([{ kind: 'host', hostId: 'alpha', name: 'Lab box' }]),
      new SearchSegment([{ kind: 'pool', hostId: 'alpha', name: 'lab', path: '/srv/lab' }]),
      new SearchSegment([vol('lab')]),
    ];
    expect(search(segments, 'lab', 10).results.map((r) => r.kind)).toEqual([
      'pool',
      'volume',
      'host',
    ]);
    expect(search(segments, 'alpha', 10).results).toEqual([
      { kind: 'host', hostId: 'alpha', name: 'Lab box' },
    ]);
  });

  test('limit keeps the best across segments and total counts every match', () => {
    const many = Array.from({ length: 300 }, (_, i) => vol(`disk-${i}.img`, 'p1'));
    const segments = [
      new SearchSegment(many),
      new SearchSegment([vol('disk', 'p2'), vol('disk-a', 'p2')]),
    ];
    const answer = search(segments, 'disk', 3);
    expect(answer.total).toBe(302);
    expect(answer.results).toHaveLength(3);
    expect(names(answer)).toEqual(['disk', 'disk-a', 'disk-0.img']);
  });

  test('unicode: NFKC and case folded on both sides', () => {
    const segment = new SearchSegment([vol('Ünïcödé-ﬁle.img'), vol('ＷＩＤＥ.raw')]);
    expect(names(search([segment], 'ünïcödé-file', 5))).toEqual(['Ünïcödé-ﬁle.img']);
    expect(names(search([segment], 'wide', 5))).toEqual(['ＷＩＤＥ.raw']);
    // Decomposed input (e + combining acute) finds the precomposed name.
    expect(names(search([segment], 'u\u0308nïco\u0308de\u0301', 5))).toEqual(['Ünïcödé-ﬁle.img']);
  });

  test('bidi and zero-width characters are ignored for matching, kept in the result', () => {
    const trojan = 'evil\u202Egpj.exe';
    const segment = new SearchSegment([vol(trojan), vol('zero\u200bwidth')]);
    expect(search([segment], 'evilgpj', 5).results[0]!.name).toBe(trojan);
    expect(names(search([segment], 'zerowidth', 5))).toEqual(['zero\u200bwidth']);
    expect(normalize('\u2067A\u2069')).toBe('a');
  });

  test('hostile names are plain data: quotes, ;, $, newlines, leading dashes', () => {
    const hostile = ["it's", 'a;b', '$(rm -rf /)', 'new\nline', '--force', 'spa ce'];
    const segment = new SearchSegment(hostile.map((n) => vol(n)));
    for (const name of hostile) expect(names(search([segment], name, 5))).toContain(name);
    expect(names(search([segment], '.*', 5))).toEqual([]);
  });

  test('an empty or blank query matches nothing', () => {
    const segment = new SearchSegment([vol('a')]);
    expect(search([segment], '   ', 5)).toEqual({ results: [], total: 0 });
    expect(search([segment], '\u200b', 5)).toEqual({ results: [], total: 0 });
  });
});
