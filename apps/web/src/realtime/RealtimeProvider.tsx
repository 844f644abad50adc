import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ConnectionStatusContext, type ConnectionStatus } from './connectionStatus';
import { createSocket } from './socket';
import { applyJobProgress, applyJobUpdated } from './jobSync';
import { applyHostState, applyInventoryChanged, resyncAll } from './sync';

/** Owns the one socket.io connection and feeds its events into the query cache. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ConnectionStatus>('connecting');

  useEffect(() => {
    const socket = createSocket();
    let connectedOnce = false;

    socket.on('connect', () => {
      connectedOnce = true;
      setStatus('live');
      void resyncAll(queryClient);
    });
    socket.on('disconnect', () => {
      // socket.active: the client will retry by itself (anything but a deliberate disconnect).
      setStatus(socket.active ? 'reconnecting' : 'offline');
    });
    socket.on('connect_error', () => {
      if (!socket.active) setStatus('offline');
      else setStatus(connectedOnce ? 'reconnecting' : 'connecting');
    });
    socket.on('inventory:changed', (event) => void applyInventoryChanged(queryClient, event));
    socket.on('host:state', (host) => void applyHostState(queryClient, host));
    socket.on('job:updated', (job) => void applyJobUpdated(queryClient, job));
    socket.on('job:progress', (event) => void applyJobProgress(queryClient, event));

    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [queryClient]);

  return <ConnectionStatusContext value={status}>{children}</ConnectionStatusContext>;
}
