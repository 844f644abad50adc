import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters and a page cursor kept in the URL (the jobs and audit pages): a filtered view can
 * be bookmarked and Back goes to the previous page. A new filter value starts again at the
 * newest page.
 */
export function useUrlFilters<K extends string>(keys: readonly K[], cursorParam: string) {
  const [search, setSearch] = useSearchParams();
  const filters: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = search.get(key);
    if (value) filters[key] = value;
  }
  const setFilter = (key: K, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete(cursorParam);
    setSearch(next);
  };
  const goTo = (cursor: string | null) => {
    const next = new URLSearchParams(search);
    if (cursor) next.set(cursorParam, cursor);
    else next.delete(cursorParam);
    setSearch(next);
  };
  return { filters, setFilter, cursor: search.get(cursorParam), goTo };
}

export function FilterBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <form className="filter-bar" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      {children}
    </form>
  );
}

interface FilterProps<K extends string> {
  label: string;
  name: K;
  filters: Partial<Record<K, string>>;
  onChange: (key: K, value: string) => void;
}

/** A text (or datetime-local) filter: applied on Enter or when it loses focus. */
export function TextFilter<K extends string>({
  label,
  name,
  filters,
  onChange,
  type = 'search',
}: FilterProps<K> & { type?: 'search' | 'datetime-local' }) {
  return (
    <label>
      {label}
      <input
        type={type}
        name={name}
        data-testid={`filter-${name}`}
        defaultValue={filters[name] ?? ''}
        onBlur={(e) => onChange(name, e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange(name, e.currentTarget.value);
        }}
      />
    </label>
  );
}

/** A choice among fixed values ("any" = not filtered), applied at once. */
export function SelectFilter<K extends string>({
  label,
  name,
  filters,
  onChange,
  options,
}: FilterProps<K> & { options: readonly { value: string; label: string }[] }) {
  return (
    <label>
      {label}
      <select
        value={filters[name] ?? ''}
        data-testid={`filter-${name}`}
        onChange={(e) => onChange(name, e.target.value)}
      >
        <option value="">any</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Newest / Older over a cursor: the pages of the jobs and the audit log. */
export function Pager({
  atNewest,
  next,
  onGo,
  busy = false,
  testId,
}: {
  atNewest: boolean;
  /** The older page's cursor; null on the last page. */
  next: string | null;
  onGo: (cursor: string | null) => void;
  busy?: boolean;
  testId: string;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={atNewest}
        onClick={() => onGo(null)}
      >
        Newest
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid={testId}
        disabled={next === null || busy}
        onClick={() => onGo(next)}
      >
        Older
      </button>
      {busy && <span className="muted small">Loading…</span>}
    </nav>
  );
}
