import { routes as api, type SearchResult } from '@poolwatch/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { callApi, errorMessage } from '../../api/http';
import { Name } from '../../components/Name';
import { routes } from '../../lib/routes';

/** Waits this long after the last keystroke before asking (one request per pause). */
const TYPING_PAUSE_MS = 120;

const hrefOf = (r: SearchResult): string =>
  r.kind === 'host'
    ? routes.host(r.hostId)
    : r.kind === 'pool'
      ? routes.pool(r.hostId, r.name)
      : routes.volume(r.hostId, r.pool, r.name);

function ResultText({ result }: { result: SearchResult }) {
  return (
    <>
      <span className="search__kind">{result.kind}</span>
      <span className="search__name">
        <Name value={result.name} />
      </span>
      <span className="search__where muted">
        {result.kind === 'host' ? (
          result.hostId
        ) : result.kind === 'pool' ? (
          <>on {result.hostId}</>
        ) : (
          <>
            in <Name value={result.pool} /> on {result.hostId}
            {result.match === 'path' ? (
              <>
                {' '}
                · <Name value={result.path} />
              </>
            ) : null}
          </>
        )}
      </span>
    </>
  );
}

/**
 * The masthead's fleet search (Ctrl-K / ⌘K focuses it): hosts, pools and volumes of every
 * host by name or path, from GET /api/search. A WAI-ARIA combobox: arrows move through the
 * results, Enter opens one, Esc closes the list.
 */
export function FleetSearch() {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const navigate = useNavigate();

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const search = useQuery({
    queryKey: ['search', query],
    queryFn: ({ signal }) => callApi(api.search, { query: { q: query, limit: 20 } }, { signal }),
    enabled: query !== '',
    placeholderData: keepPreviousData,
    staleTime: 2_000,
  });
  const results = query === '' ? [] : (search.data?.results ?? []);
  const expanded = open && text.trim() !== '';

  const go = (result: SearchResult) => {
    setOpen(false);
    setText('');
    input.current?.blur();
    void navigate(hrefOf(result));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = results.length - 1;
    const moves: Record<string, () => number> = {
      ArrowDown: () => (active >= last ? 0 : active + 1),
      ArrowUp: () => (active <= 0 ? last : active - 1),
      Home: () => 0,
      End: () => last,
    };
    const move = moves[event.key];
    if (move && expanded && results.length > 0) {
      event.preventDefault();
      setActive(move());
    } else if (event.key === 'Enter' && results[active]) {
      event.preventDefault();
      go(results[active]);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  const optionId = (i: number) => `${listId}-${i}`;
  return (
    <div className="search" data-testid="fleet-search">
      <input
        ref={input}
        type="search"
        className="search__input"
        placeholder="Search hosts, pools, volumes (Ctrl K)"
        aria-label="Search hosts, pools and volumes"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && results[active] ? optionId(active) : undefined}
        aria-keyshortcuts="Control+K Meta+K"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <div className="search__popup" hidden={!expanded}>
        <ul id={listId} role="listbox" aria-label="Search results" className="search__list">
          {results.map((result, i) => (
            <li
              key={`${result.kind}\0${result.hostId}\0${result.kind === 'volume' ? result.path : result.name}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className="search__option"
              data-testid="search-result"
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(event) => {
                event.preventDefault();
                go(result);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <ResultText result={result} />
            </li>
          ))}
        </ul>
        <p className="search__status muted" role="status">
          {search.isError
            ? errorMessage(search.error)
            : query === '' || search.isPending
              ? 'Searching…'
              : search.data && search.data.total > results.length
                ? `${results.length} of ${search.data.total} matches`
                : results.length === 0
                  ? 'Nothing matches'
                  : `${results.length} match${results.length === 1 ? '' : 'es'}`}
        </p>
      </div>
    </div>
  );
}
