import type { Volume } from '@poolwatch/shared';

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * "reading sizes 4,000 / 10,000" while a big pool's sizes are still being read (the BFF lists
 * its volumes at once, `pending` until read); null once every size is known.
 */
export function sizesProgressLabel(volumes: readonly Volume[]): string | null {
  let pending = 0;
  for (const v of volumes) if (v.pending) pending++;
  if (pending === 0) return null;
  return `reading sizes ${count.format(volumes.length - pending)} / ${count.format(volumes.length)}`;
}
