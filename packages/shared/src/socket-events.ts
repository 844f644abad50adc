import { z } from 'zod';
import type { Host } from './inventory.js';

/**
 * The one socket.io contract. The BFF uses it as `Server<ClientToServerEvents,
 * ServerToClientEvents>`, the browser as `Socket<ServerToClientEvents, ClientToServerEvents>`.
 * socket.io delivers at most once: clients treat these as hints to refetch, and resync
 * everything after a reconnect.
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
}

// The read-only skeleton takes nothing from clients yet; jobs (issue 3) will add here.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}
