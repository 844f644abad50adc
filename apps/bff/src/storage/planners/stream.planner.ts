import type { HostFacts } from './plan.js';

/**
 * Upload and download: who moves the bytes between the HTTP request and the volume.
 * - `host-mover`: Poolwatch's stream mover (host-scripts/stream.sh, dd with 4 MiB blocks on
 *   one SSH channel). Only where writing (reading) the volume's path is exactly what
 *   libvirt's stream does: a file volume of a dir/fs/netfs pool (libvirt's local backend
 *   opens that same path), and an SSH user (root) who may open it as libvirtd does.
 * - `libvirt-stream`: `virsh vol-upload`/`vol-download` everywhere else (block, logical,
 *   iscsi, rbd…: the stream goes through the pool's own backend), and for non-root users.
 * Either way every byte passes through the BFF, which paces and pauses it (stream-pacer.ts).
 */
export type StreamExecutor = 'host-mover' | 'libvirt-stream';

export interface StreamFacts extends HostFacts {
  /** libvirt's volume type (`file`, `block`, `dir`, `network`…). */
  volumeType: string;
  /** The volume's target path, as libvirt reports it. */
  path: string | null;
}

export interface StreamPlan {
  executor: StreamExecutor;
  /** The job's progress source while bytes flow. */
  source: string;
}

export function planStream(facts: StreamFacts, direction: 'upload' | 'download'): StreamPlan {
  const mover =
    facts.ownsBytes && facts.volumeType === 'file' && facts.path !== null && facts.path !== '';
  if (mover) {
    return {
      executor: 'host-mover',
      source:
        direction === 'upload'
          ? 'stream bytes (BFF → Poolwatch mover dd on the host)'
          : 'stream bytes (Poolwatch mover dd on the host → BFF)',
    };
  }
  return {
    executor: 'libvirt-stream',
    source:
      direction === 'upload'
        ? 'stream bytes (BFF → virsh vol-upload)'
        : 'stream bytes (virsh vol-download → BFF)',
  };
}
