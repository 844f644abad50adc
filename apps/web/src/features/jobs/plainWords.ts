/**
 * The jobs panel speaks plainly: what is doing the work and where the figure comes from, in
 * words an admin reads at a glance. The technical `progress.source` stays on the job page.
 * First matching prefix wins; anything unknown is shown as it is.
 */
const PLAIN_SOURCES: readonly [prefix: string, words: string][] = [
  [
    'host probe: target fd position (Poolwatch dd',
    "copying with Poolwatch's mover, progress from the host",
  ],
  [
    'host probe: fd position of Poolwatch dd writing zeros',
    "wiping with zeros using Poolwatch's mover, progress from the host",
  ],
  [
    'host probe: bytes read by qemu-img convert',
    'converting with qemu-img on the host, progress from the host',
  ],
  ['host probe: bytes scrub wrote', 'wiping with scrub on the host, progress from the host'],
  [
    'host probe: bytes reserved by fallocate',
    'reserving the space on the host, progress from the host',
  ],
  ['host probe:', 'progress from the host'],
  [
    'stream bytes (BFF → virsh vol-upload)',
    'uploading through Poolwatch, progress from the bytes sent',
  ],
  [
    'stream bytes (virsh vol-download → BFF)',
    'downloading through Poolwatch, progress from the bytes sent',
  ],
  ['stream bytes', 'streaming through Poolwatch, progress from the bytes sent'],
  [
    'unmeasurable: libvirt copies inside its daemon',
    'libvirt copies it itself: no progress to show',
  ],
  ['unmeasurable:', 'one libvirt step: no progress to show'],
  ['waiting for', 'waiting to start'],
];

export function plainSource(source: string): string {
  for (const [prefix, words] of PLAIN_SOURCES) if (source.startsWith(prefix)) return words;
  return source;
}
