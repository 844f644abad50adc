import { z } from 'zod';
import type { Host } from './inventory.js';
import type { Job, JobProgressEvent } from './jobs.js';
import type { SignedOutReason } from './auth.js';

/**
 * The one socket.io contract. The BFF uses it as `Server<ClientToServerEvents,
 * ServerToClientEvents>`, the browser as `Socket<ServerToClientEvents, ClientToServerEvents>`.
 * socket.io delivers at most once: clients treat inventory events as hints to refetch, keep
 * the job with the highest `seq`, and resync everything after a reconnect.
 */
export const InventoryChangedSchema = z.object({
  hostId: z.string(),
  /** The pool whose volumes changed; null when the pool list itself changed. */
  pool: z.string().nullable(),
});
export type InventoryChanged = z.infer<typeof InventoryChangedSchema>;

export interface ServerToClientEvents {
  'inventory:changed': (event: InventoryChanged) => void;
  'host:state': (host: Host) => void;
  /** The whole job, on every state change (never throttled). */
  'job:updated': (job: Job) => void;
  /** Progress only, at most 4 Hz per job. */
  'job:progress': (event: JobProgressEvent) => void;
  /** Sent once on connect: the deployed build id (a kiosk reloads when it changes). */
  'server:hello': (event: { build: string }) => void;
  /** Sent just before the server closes the socket because the session ended. */
  'auth:signed-out': (event: { reason: SignedOutReason }) => void;
}

// Clients only listen: every action goes through REST (one place to validate and audit).
// The server disconnects a socket that emits anything.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}
