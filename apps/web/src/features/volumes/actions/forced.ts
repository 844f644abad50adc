/** `?force=true` when the user confirmed acting on a volume in use; no query otherwise. */
export const forceQuery = (force: boolean) => (force ? { force: 'true' as const } : undefined);
