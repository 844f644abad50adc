import type { SearchAnswer, SearchResult } from '@poolwatch/shared';

/** A result before it is matched: `match` is decided per query. */
export type SearchItem =
  | Extract<SearchResult, { kind: 'host' }>
  | Omit<Extract<SearchResult, { kind: 'pool' }>, 'match'>
  | Omit<Extract<SearchResult, { kind: 'volume' }>, 'match'>;

interface Entry {
  item: SearchItem;
  /** Normalized name (see `normalize`); a host's id is searched beside its label. */
  name: string;
  /** Normalized path (pool target, volume path, host id), or '' when there is none. */
  path: string;
  kindRank: number;
}

const KIND_RANK = { host: 0, pool: 1, volume: 2 } as const;

// Bidi controls and zero-width characters: invisible, so a query never means them, and a
// name holding them (a "Trojan Source" name) is still found by the letters one sees.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** What both names and queries are compared as: NFKC, lower case, invisible marks dropped. */
export function normalize(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

/** Where a match starts a word: after a separator admins put in names. */
const WORD_START = /[\s\-_.:/@+,]/;

/**
 * How well a query matches, best first: 0 exact name, 1 name prefix, 2 a word of the name
 * starts with it, 3 anywhere in the name, 4 in the path; null when it does not match.
 */
function rankOf(entry: Entry, query: string): number | null {
  const at = entry.name.indexOf(query);
  if (at === 0) return entry.name.length === query.length ? 0 : 1;
  if (at > 0) {
    // A later occurrence may start a word even when the first does not ("a-b-ab", "ab").
    for (let i = at; i >= 0; i = entry.name.indexOf(query, i + 1)) {
      if (WORD_START.test(entry.name[i - 1]!)) return 2;
    }
    return 3;
  }
  return entry.path.includes(query) ? 4 : null;
}

const BUCKETS = 5;

/**
 * One slice of the fleet that changes together (a host's pools, one pool's volumes): its
 * entries normalized once and kept in result order (shorter names first, then by name),
 * so a query scans each slice once and keeps at most `limit` per rank without sorting.
 */
export class SearchSegment {
  private readonly entries: Entry[];

  constructor(items: readonly SearchItem[]) {
    this.entries = items.map((item) => ({
      item,
      name: normalize(item.name),
      path: normalize(item.kind === 'host' ? item.hostId : (item.path ?? '')),
      kindRank: KIND_RANK[item.kind],
    }));
    this.entries.sort(compareEntries);
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Adds this segment's best `limit` per rank to `buckets` (fresh for this segment: the
   * best overall are among each segment's best); returns how many matched.
   */
  collect(query: string, limit: number, buckets: Entry[][]): number {
    let total = 0;
    for (const entry of this.entries) {
      const rank = rankOf(entry, query);
      if (rank === null) continue;
      total++;
      const bucket = buckets[rank]!;
      if (bucket.length < limit) bucket.push(entry);
    }
    return total;
  }
}

function compareEntries(a: Entry, b: Entry): number {
  return (
    a.kindRank - b.kindRank ||
    a.name.length - b.name.length ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

const toResult = (entry: Entry, rank: number): SearchResult =>
  entry.item.kind === 'host'
    ? entry.item
    : ({ ...entry.item, match: rank === 4 ? 'path' : 'name' } as SearchResult);

/** The best `limit` matches of `query` over every segment, and how many matched in all. */
export function search(
  segments: Iterable<SearchSegment>,
  query: string,
  limit: number,
): SearchAnswer {
  const q = normalize(query.trim());
  if (q === '') return { results: [], total: 0 };
  const results: SearchResult[] = [];
  let total = 0;
  const perSegment: { rank: number; entry: Entry }[] = [];
  for (const segment of segments) {
    const buckets: Entry[][] = Array.from({ length: BUCKETS }, () => []);
    total += segment.collect(q, limit, buckets);
    buckets.forEach((bucket, rank) => {
      for (const entry of bucket) perSegment.push({ rank, entry });
    });
  }
  perSegment.sort((a, b) => a.rank - b.rank || compareEntries(a.entry, b.entry));
  for (const { rank, entry } of perSegment.slice(0, limit)) results.push(toResult(entry, rank));
  return { results, total };
}
