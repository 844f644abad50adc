import { routes, type CreateUserRequest } from '@poolwatch/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { callApi } from './http';

/** Users, kiosk tokens and the audit log (admin only; the server answers 403 to others). */
export const adminKeys = {
  users: () => ['admin', 'users'] as const,
  kioskTokens: () => ['admin', 'kiosk-tokens'] as const,
  audit: (before: number | null) => ['admin', 'audit', before] as const,
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

export const auditQueryParams = (before: number | null, limit = AUDIT_PAGE_SIZE) => ({
  limit,
  before: before ?? undefined,
});

export const auditQuery = (before: number | null) =>
  queryOptions({
    queryKey: adminKeys.audit(before),
    queryFn: ({ signal }) => callApi(routes.audit, { query: auditQueryParams(before) }, { signal }),
  });

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
