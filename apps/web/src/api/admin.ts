import {
  AuditPageSchema,
  KioskTokenCreatedSchema,
  KioskTokenSchema,
  UserSummarySchema,
  apiPaths,
  type CreateUserRequest,
} from '@poolwatch/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { fetchJson, sendJson } from './http';

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
    queryFn: ({ signal }) => fetchJson(apiPaths.users(), z.array(UserSummarySchema), signal),
  });

export const kioskTokensQuery = () =>
  queryOptions({
    queryKey: adminKeys.kioskTokens(),
    queryFn: ({ signal }) => fetchJson(apiPaths.kioskTokens(), z.array(KioskTokenSchema), signal),
  });

export const auditPath = (before: number | null, limit = AUDIT_PAGE_SIZE) => {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before !== null) params.set('before', String(before));
  return `${apiPaths.audit()}?${params.toString()}`;
};

export const auditQuery = (before: number | null) =>
  queryOptions({
    queryKey: adminKeys.audit(before),
    queryFn: ({ signal }) => fetchJson(auditPath(before), AuditPageSchema, signal),
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
    sendJson('POST', apiPaths.users(), body, UserSummarySchema),
  );

export const useRemoveUser = () =>
  useAdminMutation(adminKeys.users(), (username: string) =>
    sendJson('DELETE', apiPaths.user(username), undefined, null),
  );

export const useSetPassword = () =>
  useAdminMutation(adminKeys.users(), (v: { username: string; password: string }) =>
    sendJson('PUT', apiPaths.userPassword(v.username), { password: v.password }, null),
  );

export const useCreateKioskToken = () =>
  useAdminMutation(adminKeys.kioskTokens(), (label: string) =>
    sendJson('POST', apiPaths.kioskTokens(), { label }, KioskTokenCreatedSchema),
  );

export const useRevokeKioskToken = () =>
  useAdminMutation(adminKeys.kioskTokens(), (id: string) =>
    sendJson('DELETE', apiPaths.kioskToken(id), undefined, null),
  );
