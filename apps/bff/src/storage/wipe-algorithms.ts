import type { PoolDetail, WipeAlgorithm, WipeAlgorithms } from '@poolwatch/shared';
import { WipeAlgorithmSchema } from '@poolwatch/shared';
import type { HostCaps } from './host-caps.js';

/**
 * Passes over the whole volume per scrub method (scrub(1) 2.6, "SCRUB METHODS"); a verify
 * pass reads the volume back, so it moves as many bytes as a write pass. libvirt's zero
 * writes once; trim discards (no bytes move).
 */
export const WIPE_PASSES: Record<WipeAlgorithm, number> = {
  zero: 1,
  nnsa: 4, // random x2, 0x00, verify
  dod: 4, // random, 0x00, 0xff, verify
  bsi: 9,
  gutmann: 35,
  schneier: 7,
  pfitzner7: 7,
  pfitzner33: 33,
  random: 1,
  trim: 1,
};

/** Pool types whose wipe goes through libvirt's local wipe (zero in-process, others scrub). */
const LOCAL_WIPE_TYPES = new Set([
  'dir',
  'fs',
  'netfs',
  'logical',
  'disk',
  'iscsi',
  'scsi',
  'mpath',
  'iscsi-direct',
  'vstorage',
  'zfs',
]);

/** What libvirt 9's backends implement: local backends zero or scrub; rbd zero and trim. */
export function wipeAlgorithmsFor(pool: PoolDetail, caps: HostCaps): WipeAlgorithms {
  const algorithms = WipeAlgorithmSchema.options.map((algorithm) => {
    let reason: string | null = null;
    if (pool.type === 'rbd') {
      if (algorithm !== 'zero' && algorithm !== 'trim')
        reason = 'libvirt wipes rbd volumes with zero or trim only';
    } else if (algorithm === 'trim') {
      reason = `libvirt implements trim for rbd pools only, not ${pool.type}`;
    } else if (!LOCAL_WIPE_TYPES.has(pool.type) && algorithm !== 'zero') {
      reason = `libvirt's ${pool.type} backend has no scrub wipe`;
    } else if (algorithm !== 'zero' && !caps.tools.has('scrub')) {
      reason = 'scrub is not installed on the host (Debian package scrub)';
    }
    return { algorithm, supported: reason === null, reason, passes: WIPE_PASSES[algorithm] };
  });
  return { algorithms };
}
