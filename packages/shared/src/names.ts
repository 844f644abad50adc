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
  carried:
    'must not contain a carriage return, another control character (tab and newline are fine) or a lone surrogate',
} as const;

/**
 * What a job cannot carry to the host: a new volume or pool is named in libvirt XML, and
 * XML 1.0 cannot hold C0 controls other than tab and newline (not even escaped), turns a
 * carriage return into a newline when it parses (libvirt would create another name than
 * asked), and UTF-8 cannot encode a lone surrogate. Only names to be created are held to
 * this: existing volumes with such names (made by other tools) stay readable.
 */
// eslint-disable-next-line no-control-regex
const NOT_CARRIED = /[\u0000-\u0008\u000b-\u001f\ufffe\uffff]/;
const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
export const isCarriedName = (s: string) => !NOT_CARRIED.test(s) && !hasLoneSurrogate(s);

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

/** The name of a volume a job will create (create, clone target, upload with create=1). */
export const NewVolumeNameSchema = VolumeNameSchema.refine(isCarriedName, NAME_RULES.carried);

/** The name of a pool a define will create (form or XML). */
export const NewPoolNameSchema = PoolNameSchema.refine(isCarriedName, NAME_RULES.carried);

/** Host ids appear in URLs, file names and socket rooms: keep them plain. */
export const HostIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'must be 1-63 chars of a-z, 0-9, "_" or "-", starting with a letter or digit',
  );
