import type { AgentJob } from '../libvirt/host-agent.js';

/**
 * What a (re)started BFF does with a job that was running detached on a host, from what
 * the host agent lists for it. Pure, so the table is a unit test (reattach-decision.test.ts).
 */
export type Reattach =
  /** The work still runs, or ended while no BFF watched: follow it to its real end. */
  | { action: 'follow' }
  /** The host-side work is truly gone: the job is `interrupted`, what it created removed. */
  | { action: 'interrupt'; reason: string };

export function decideReattach(listed: AgentJob | undefined): Reattach {
  if (listed === undefined) {
    return {
      action: 'interrupt',
      reason: 'its state directory is gone from the host (the host rebooted, or it was removed)',
    };
  }
  switch (listed.state) {
    case 'running':
      return { action: 'follow' };
    case 'exited':
      // The exit status in the state directory is the outcome: follow reads it at once.
      return { action: 'follow' };
    case 'gone':
      return {
        action: 'interrupt',
        reason:
          'its host-side process is gone without an exit status (killed together with its wrapper, or the host rebooted)',
      };
  }
}
