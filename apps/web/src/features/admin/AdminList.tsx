import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import { errorMessage } from '../../api/http';
import { Card } from '../../components/Card';
import { DataTable, type Column } from '../../components/DataTable';
import { DocumentTitle } from '../../components/DocumentTitle';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loading } from '../../components/QueryStates';
import { validate, type FieldErrors } from '../../lib/formErrors';

/**
 * An admin page that lists things and creates them (users, kiosk tokens): its header, a card
 * with the count, the create form, the list's loading/error/empty states and the table.
 * `what` names the things in the messages: "Loading users…", "No kiosk tokens".
 */
export function AdminListPage<T>({
  title,
  subtitle,
  what,
  query,
  columns,
  form,
  children,
  after,
}: {
  title: string;
  subtitle: ReactNode;
  what: string;
  query: UseQueryResult<T[]>;
  columns: readonly Column[];
  form: ReactNode;
  /** One <tr> per item. */
  children: (items: T[]) => ReactNode;
  /** The open dialog, if any. */
  after?: ReactNode;
}) {
  const items = query.data;
  return (
    <>
      <DocumentTitle parts={[title]} />
      <PageHeader title={title} subtitle={subtitle} />
      <Card title={title} extra={items && <span className="muted">{items.length}</span>}>
        {form}
        {query.error && (
          <ErrorAlert
            error={query.error}
            title={`Could not load ${what}`}
            onRetry={() => void query.refetch()}
          />
        )}
        {query.isPending && <Loading label={`Loading ${what}…`} />}
        {items?.length === 0 && <EmptyState title={`No ${what}`} />}
        {items && items.length > 0 && (
          <DataTable label={title} columns={columns}>
            {children(items)}
          </DataTable>
        )}
      </Card>
      {after}
    </>
  );
}

/** Field errors from a zod schema: `check` answers the parsed values, or null and shows why. */
export function useSchemaErrors<S extends z.ZodType>(schema: S) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const check = (values: unknown): z.output<S> | null => {
    const result = validate(schema, values);
    setErrors(result.ok ? {} : result.errors);
    return result.ok ? result.data : null;
  };
  return { errors, check };
}

/** The create form of an admin list: its fields, the submit button, the server's refusal. */
export function AdminForm({
  label,
  submitLabel,
  submitTestId,
  errorTestId,
  pending,
  error,
  onSubmit,
  children,
}: {
  label: string;
  submitLabel: string;
  submitTestId: string;
  errorTestId?: string;
  pending: boolean;
  error: unknown;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-label={label}>
      {children}
      <button
        type="submit"
        className="button button--primary"
        data-testid={submitTestId}
        disabled={pending}
      >
        {submitLabel}
      </button>
      {error !== null && error !== undefined && (
        <span className="text-danger admin-form__error" role="alert" data-testid={errorTestId}>
          {errorMessage(error)}
        </span>
      )}
    </form>
  );
}

/** A row's action that opens its confirmation dialog (Reset password…, Remove…, Revoke…). */
export function RowAction({
  label,
  testId,
  danger = false,
  onClick,
}: {
  label: string;
  testId: string;
  danger?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`button ${danger ? 'button--danger-outline' : 'button--secondary'} button--small`}
      data-testid={testId}
      onClick={onClick}
    >
      {label}
    </button>
  );
}
