import { requestFor, routes, type AuditFilter, type CreateUserRequest } from '@poolwatch/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { callApi } from './http';

/** Users, kiosk tokens and the audit log (admin only; the server answers 403 to others). */
export const adminKeys = {
  users: () => ['admin', 'users'] as const,
  kioskTokens: () => ['admin', 'kiosk-tokens'] as const,
  audit: (filters: AuditFilters, before: number | null) =>
    ['admin', 'audit', filters, before] as const,
};

/** Entries per audit page. */
export const AUDIT_PAGE_SIZE = 50;

export const usersQuery = () =>
  queryOptions({
    queryKey: adminKeys.users(),
    queryFn: ({ signal }) => callApi(routes.users, {}, { signal }),
  });

export const kioskTokensQuery = () =>
  queryOptions({
    queryKey: adminKeys.kioskTokens(),
    queryFn: ({ signal }) => callApi(routes.kioskTokens, {}, { signal }),
  });

/** The audit page's filters, as they stand in its URL (strings; empty = not filtered). */
export const AUDIT_FILTERS = ['user', 'action', 'outcome', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;

/** The URL's values as the API's query; a datetime-local value is read as local time. */
export function auditFilterQuery(filters: AuditFilters): AuditFilter {
  const query: Record<string, string> = {};
  for (const key of AUDIT_FILTERS) {
    const value = filters[key]?.trim();
    if (!value) continue;
    query[key] = key === 'from' || key === 'to' ? new Date(value).toISOString() : value;
  }
  // The server validates (an unknown outcome is a 400 shown on the page).
  return query as AuditFilter;
}

export const auditQueryParams = (
  filters: AuditFilters,
  before: number | null,
  limit = AUDIT_PAGE_SIZE,
) => ({ ...auditFilterQuery(filters), limit, before: before ?? undefined });

export const auditQuery = (filters: AuditFilters, before: number | null) =>
  queryOptions({
    queryKey: adminKeys.audit(filters, before),
    queryFn: ({ signal }) =>
      callApi(routes.audit, { query: auditQueryParams(filters, before) }, { signal }),
  });

/** The export link: the same filters, every match. */
export function auditCsvHref(filters: AuditFilters): string {
  return requestFor(routes.auditCsv, { query: auditFilterQuery(filters) as never }).path;
}

/** A mutation that refreshes one admin list when it succeeds. */
function useAdminMutation<V, R>(key: readonly unknown[], request: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export const useCreateUser = () =>
  useAdminMutation(adminKeys.users(), (body: CreateUserRequest) =>
    callApi(routes.userCreate, { body }),
  );

export const useRemoveUser = () =>
  useAdminMutation(adminKeys.users(), (username: string) =>
    callApi(routes.userRemove, { params: { name: username } }),
  );

export const useSetPassword = () =>
  useAdminMutation(adminKeys.users(), (v: { username: string; password: string }) =>
    callApi(routes.userPassword, {
      params: { name: v.username },
      body: { password: v.password },
    }),
  );

export const useCreateKioskToken = () =>
  useAdminMutation(adminKeys.kioskTokens(), (label: string) =>
    callApi(routes.kioskTokenCreate, { body: { label } }),
  );

export const useRevokeKioskToken = () =>
  useAdminMutation(adminKeys.kioskTokens(), (id: string) =>
    callApi(routes.kioskTokenRevoke, { params: { id } }),
  );
