import type { XML_FILE } from './host-agent.js';
import type { VirshArgs } from './virsh-command.js';

/**
 * libvirt's storage verbs with named parameters: the one place that spells virsh's storage
 * argv (its options, and the `--` that keeps a name beginning with a dash a name). Storage
 * code says what it wants (`volDelete({ pool, name })`) and hands the argv to a virsh
 * session or process unchanged: every value stays one argv entry, never shell text.
 * `pool` is the pool's UUID wherever the caller has it (a name can be reused by another
 * pool while a job runs; a UUID cannot).
 */

export type PoolVerb =
  'pool-start' | 'pool-destroy' | 'pool-build' | 'pool-refresh' | 'pool-delete' | 'pool-undefine';

/** `virsh <verb> -- <pool>` for the pool verbs that take nothing but the pool. */
export function poolVerb(verb: PoolVerb, pool: string): VirshArgs {
  return [verb, '--', pool];
}

export function poolAutostart({ pool, enabled }: { pool: string; enabled: boolean }): VirshArgs {
  return ['pool-autostart', ...(enabled ? [] : ['--disable']), '--', pool];
}

export function poolDefine({ xmlFile }: { xmlFile: string }): VirshArgs {
  return ['pool-define', '--', xmlFile];
}

export function volCreate({
  pool,
  xmlFile,
  prealloc = false,
}: {
  pool: string;
  xmlFile: string;
  /** `--prealloc-metadata` (qcow2 metadata written at creation). */
  prealloc?: boolean;
}): VirshArgs {
  return [
    'vol-create',
    '--pool',
    pool,
    ...(prealloc ? ['--prealloc-metadata'] : []),
    '--',
    xmlFile,
  ];
}

/**
 * `xmlFile` is a path, or XML_FILE where the host agent writes the XML into the job's state
 * directory (host-agent.ts startLibvirtCall).
 */
export function volCreateFrom<F extends string | typeof XML_FILE>({
  pool,
  inputPool,
  xmlFile,
  source,
}: {
  pool: string;
  inputPool: string;
  xmlFile: F;
  source: string;
}) {
  return [
    'vol-create-from',
    '--pool',
    pool,
    '--inputpool',
    inputPool,
    '--',
    xmlFile,
    source,
  ] as const;
}

/** By pool and name, or by the volume's path alone (a volume libvirt lists by path). */
export function volDelete(volume: { pool: string; name: string } | { path: string }): VirshArgs {
  if ('path' in volume) return ['vol-delete', '--', volume.path];
  return ['vol-delete', '--pool', volume.pool, '--', volume.name];
}

export function volWipe({
  pool,
  name,
  algorithm,
}: {
  pool: string;
  name: string;
  algorithm: string;
}): VirshArgs {
  return ['vol-wipe', '--pool', pool, '--algorithm', algorithm, '--', name];
}

export function volResize({
  pool,
  name,
  capacity,
  allocate = false,
  shrink = false,
}: {
  pool: string;
  name: string;
  capacity: number;
  allocate?: boolean;
  shrink?: boolean;
}): VirshArgs {
  return [
    'vol-resize',
    '--pool',
    pool,
    ...(allocate ? ['--allocate'] : []),
    ...(shrink ? ['--shrink'] : []),
    '--',
    name,
    String(capacity),
  ];
}

/** A stream into the volume from `file` (the BFF's `/dev/stdin`); a range with offset/length. */
export function volUpload({
  pool,
  name,
  file,
  range,
}: {
  pool: string;
  name: string;
  file: string;
  range?: { offset: number; length: number };
}): VirshArgs {
  const at = range ? ['--offset', String(range.offset), '--length', String(range.length)] : [];
  return ['vol-upload', '--pool', pool, ...at, '--', name, file];
}

/** A stream of the volume into `file` (not /dev/stdout: virsh appends a newline there). */
export function volDownload({ pool, name, file }: { pool: string; name: string; file: string }) {
  return ['vol-download', '--pool', pool, '--', name, file] as const satisfies VirshArgs;
}
