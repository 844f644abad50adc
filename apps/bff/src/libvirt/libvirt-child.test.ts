import { describe, expect, it } from 'vitest';
import { childControls, type ChildHold } from './libvirt-child.js';

/** What a held libvirt child is offered: the agent's facts → the controls that act. */
describe('childControls', () => {
  const hold = (over: Partial<ChildHold>): ChildHold => ({
    child: 'scrub',
    freeze: true,
    throttle: true,
    direct: true,
    ...over,
  });

  it('scrub in both groups, writing O_DIRECT: pause and limit', () => {
    expect(childControls(hold({}))).toEqual({
      pausable: true,
      pauseNote: null,
      limitable: true,
      limitNote: null,
    });
  });

  it('qemu-img, buffered: pause only, the note says why not a limit', () => {
    const offer = childControls(hold({ child: 'qemu-img', direct: false }));
    expect(offer.pausable).toBe(true);
    expect(offer.limitable).toBe(false);
    expect(offer.limitNote).toMatch(/qemu-img does buffered I\/O/);
  });

  it('no freezer and no blkio group: neither, each with its reason', () => {
    const offer = childControls(hold({ freeze: false, throttle: false }));
    expect(offer).toMatchObject({ pausable: false, limitable: false });
    expect(offer.pauseNote).toMatch(/no freezer cgroup/);
    expect(offer.limitNote).toMatch(/no blkio or io cgroup/);
  });
});
