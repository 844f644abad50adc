import { describe, expect, it } from 'vitest';
import type { AgentJob } from '../libvirt/host-agent.js';
import { decideReattach } from './reattach-decision.js';

const job = (state: AgentJob['state'], rc: number | null = null): AgentJob => ({
  jobId: 'j',
  state,
  rc,
});

describe('decideReattach: what a restarted BFF does with detached work', () => {
  it.each([
    ['still running on the host', job('running'), 'follow'],
    ['ended while no BFF watched (exit 0)', job('exited', 0), 'follow'],
    ['ended while no BFF watched (exit 1: follow reads the failure)', job('exited', 1), 'follow'],
    ['process gone without an exit status', job('gone'), 'interrupt'],
    ['no state directory (host rebooted)', undefined, 'interrupt'],
  ])('%s → %s', (_what, listed, action) => {
    expect(decideReattach(listed).action).toBe(action);
  });

  it('says why an interrupted job lost its work', () => {
    expect(decideReattach(undefined)).toMatchObject({ reason: expect.stringMatching(/rebooted/) });
    expect(decideReattach(job('gone'))).toMatchObject({ reason: expect.stringMatching(/gone/) });
  });
});
