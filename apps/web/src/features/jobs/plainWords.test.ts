import { describe, expect, it } from 'vitest';
import { plainSource } from './plainWords';

describe('plainSource', () => {
  it.each([
    [
      'host probe: target fd position (Poolwatch dd, O_DIRECT)',
      "copying with Poolwatch's mover, progress from the host",
    ],
    [
      'host probe: fd position of Poolwatch dd writing zeros (O_DIRECT)',
      "wiping with zeros using Poolwatch's mover, progress from the host",
    ],
    [
      'host probe: bytes read by qemu-img convert (/proc io)',
      'converting with qemu-img on the host, progress from the host',
    ],
    [
      'host probe: bytes scrub wrote and verified (/proc io), 3 passes',
      'wiping with scrub on the host, progress from the host',
    ],
    [
      'host probe: bytes reserved by fallocate (or written by dd where it cannot)',
      'reserving the space on the host, progress from the host',
    ],
    ['host probe: target allocation', 'progress from the host'],
    [
      'stream bytes (BFF → virsh vol-upload)',
      'uploading through Poolwatch, progress from the bytes sent',
    ],
    [
      'stream bytes (virsh vol-download → BFF)',
      'downloading through Poolwatch, progress from the bytes sent',
    ],
    [
      'unmeasurable: libvirt copies inside its daemon',
      'libvirt copies it itself: no progress to show',
    ],
    ['unmeasurable: one libvirt call (vol-delete)', 'one libvirt step: no progress to show'],
    ['waiting for the host', 'waiting to start'],
    ['something new', 'something new'],
  ])('%s → %s', (source, words) => {
    expect(plainSource(source)).toBe(words);
  });
});
