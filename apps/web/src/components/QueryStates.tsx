import type { ReactNode } from 'react';
import { errorMessage, isApiRequestError } from '../api/http';
import { Name } from './Name';

/** A spinner with a label; role="status" so assistive tech (and tests) know we are loading. */
export function Loading({ label }: { label: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** The API's message, verbatim, with a retry button. */
export function ErrorAlert({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title: string;
  onRetry?: () => void;
}) {
  return (
    <div className="alert alert--danger" role="alert">
      <div className="alert__body">
        <strong className="alert__title">{title}</strong>
        <span className="alert__message">
          <Name value={errorMessage(error)} />
        </span>
        {isApiRequestError(error) && (
          <span className="alert__meta">
            {error.status > 0 ? `HTTP ${error.status} · ` : ''}
            {error.id}
          </span>
        )}
      </div>
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children && <div className="empty-state__body">{children}</div>}
    </div>
  );
}

export function Notice({
  tone = 'info',
  children,
  testId,
}: {
  tone?: 'info' | 'warning';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`alert alert--${tone}`} data-testid={testId}>
      <div className="alert__body">{children}</div>
    </div>
  );
}
