/** The path with `?force=true` when the user confirmed acting on a volume in use. */
export const forced = (path: string, force: boolean) => (force ? `${path}?force=true` : path);
