import type { LibvirtChild } from './libvirt-child.js';
import type { AgentJobState } from './parsers/agent-line.parser.js';

/**
 * What the BFF and a host's agent say to each other, as types (host-agent.ts speaks it,
 * host-scripts/agent.sh is the other end).
 */

/** What enforces a pause or a limit on the host, or why nothing can (job-control.sh). */
export type ControlAnswer = { ok: true; enforcedBy: string } | { ok: false; reason: string };

/** What the agent can launch detached (host-scripts/agent.sh `start <id> <op> …`). */
export type AgentOp = 'copy' | 'zero' | 'allocate' | 'virsh';

/** Stands for the XML file in a libvirt call's argv: the agent writes it in the state dir. */
export const XML_FILE = Symbol('the XML file in the job state directory');

/**
 * A libvirt call the agent runs detached (`virsh -c qemu:///system <argv>` on the host),
 * with progress from the child libvirtd runs for it (qemu-img, scrub): the process named
 * `child` whose argv holds `childPath` as one exact entry. `total`: what its counters are
 * measured against (libvirtChildBytes).
 */
export interface LibvirtCall {
  argv: readonly [string, ...(string | typeof XML_FILE)[]];
  xml: string | null;
  child: LibvirtChild;
  childPath: string;
  total: number;
}

export type WatchEnd =
  /** The work ended; its exit status came from the state directory on the host. */
  | { kind: 'exit'; rc: number | null; cancelled: boolean; stderr: string }
  /** No live process and no exit status, or no state directory at all. */
  | { kind: 'gone'; reason: string }
  /** The agent's SSH channel ended: the work may well go on; watch again on a new agent. */
  | { kind: 'lost'; reason: string };

export interface AgentJob {
  jobId: string;
  state: AgentJobState;
  rc: number | null;
}
