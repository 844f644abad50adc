import { z } from 'zod';

/**
 * Pool and volume names are data from users and from other tools: they may hold spaces,
 * quotes, `;`, `$`, a leading `-`, unicode, even a newline. All of those are legal and must
 * round-trip. What libvirt itself can never accept is rejected here, before anything runs.
 */
const MAX_NAME_BYTES = 255;

/** UTF-8 length without TextEncoder, so this file needs neither DOM nor Node typings. */
const byteLength = (s: string) => {
  let n = 0;
  for (const char of s) {
    const cp = char.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
};

export const NAME_RULES = {
  notEmpty: 'must not be empty',
  noNul: 'must not contain a NUL byte',
  noSlash: 'must not contain "/"',
  tooLong: `must be at most ${MAX_NAME_BYTES} bytes`,
  notDot: 'must not be "." or ".."',
} as const;

const libvirtName = z
  .string()
  .min(1, NAME_RULES.notEmpty)
  .refine((s) => !s.includes('\0'), NAME_RULES.noNul)
  .refine((s) => byteLength(s) <= MAX_NAME_BYTES, NAME_RULES.tooLong);

/** A storage pool name as libvirt accepts it (libvirt refuses "/" in pool names). */
export const PoolNameSchema = libvirtName.refine((s) => !s.includes('/'), NAME_RULES.noSlash);

/** A volume name: in file-backed pools it becomes a file name, so "/", "." and ".." are out. */
export const VolumeNameSchema = libvirtName
  .refine((s) => !s.includes('/'), NAME_RULES.noSlash)
  .refine((s) => s !== '.' && s !== '..', NAME_RULES.notDot);

/** Host ids appear in URLs, file names and socket rooms: keep them plain. */
export const HostIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'must be 1-63 chars of a-z, 0-9, "_" or "-", starting with a letter or digit',
  );
