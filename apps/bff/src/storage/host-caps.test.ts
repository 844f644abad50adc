import { describe, expect, it } from 'vitest';
import { parseHostCaps } from './host-caps.js';

describe('parseHostCaps', () => {
  it('parses what caps.sh prints for root', () => {
    const caps = parseHostCaps([
      'uid 0',
      'user root',
      'tool dd',
      'tool fallocate',
      'tool scrub',
      'daemon 5468 readable',
    ]);
    expect(caps.uid).toBe(0);
    expect(caps.tools.has('scrub')).toBe(true);
    expect(caps.daemonReadable).toBe(true);
  });

  it('says unreadable for a user who cannot read the daemon, unknown when none runs', () => {
    expect(parseHostCaps(['uid 1000', 'daemon 77 unreadable']).daemonReadable).toBe(false);
    expect(parseHostCaps(['uid 1000', 'daemon none']).daemonReadable).toBeNull();
  });
});
