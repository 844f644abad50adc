/**
 * Where a pool may live. A pool's target path is where libvirt creates, mounts or deletes
 * files (dir/fs/netfs) or finds device nodes (logical, disk, iscsi). libvirt itself takes
 * anything: a relative `images` became `/images`, and a dir pool on `/etc` would let a
 * pool delete or a volume create touch the system. The rules, for the form and for raw XML:
 *
 * - every type: absolute and normalised (starts with `/`, no `//`, no `.` or `..` segment,
 *   no trailing `/`), at most 4096 bytes, no control character;
 * - dir, fs, netfs (files live there): never `/`, `/root`, nor `/etc`, `/usr`, `/bin`,
 *   `/sbin`, `/lib*` (any top-level `lib…`), `/boot`, `/proc`, `/sys`, `/dev`, `/run` or
 *   anything below those. Other places (`/srv/…`, `/var/lib/libvirt/images`, `/home/…`,
 *   `/root/pools`) are fine.
 * - logical, disk, iscsi: their target is a device directory (`/dev/vg0`,
 *   `/dev/disk/by-path`) by design, so only the first rule applies.
 *
 * The check is on the text: a symlink elsewhere that points into a system directory is
 * not seen here.
 */
export const SYSTEM_DIRS_EXACT = ['/', '/root'] as const;
export const SYSTEM_TREES = [
  '/etc',
  '/usr',
  '/bin',
  '/sbin',
  '/lib*',
  '/boot',
  '/proc',
  '/sys',
  '/dev',
  '/run',
] as const;

const FILE_POOL_TYPES = new Set(['dir', 'fs', 'netfs']);

/** Why `path` cannot be the target of a pool of `type`; null when it can. */
export function poolTargetProblem(type: string, path: string): string | null {
  if (!path.startsWith('/')) return `must be an absolute path (starting with "/"): ${path}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'must not contain control characters';
  if (path.length > 4096) return 'must be at most 4096 characters';
  const segments = path.split('/').slice(1);
  if (path !== '/' && segments.some((s) => s === '' || s === '.' || s === '..')) {
    return `must be normalised (no "//", no "." or ".." segment, no trailing "/"): ${path}`;
  }
  if (!FILE_POOL_TYPES.has(type)) return null;
  const top = segments[0] ?? '';
  const inTree = SYSTEM_TREES.some((tree) =>
    tree.endsWith('*') ? top.startsWith(tree.slice(1, -1)) : top === tree.slice(1),
  );
  if (path === '/' || path === '/root' || inTree) {
    return `must not be a system directory (/, /root, or /etc, /usr, /bin, /sbin, /lib*, /boot, /proc, /sys, /dev, /run and below): ${path}`;
  }
  return null;
}
