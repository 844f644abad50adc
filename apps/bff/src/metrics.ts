import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, served at GET /metrics. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'poolwatch_' });

export const virshCommandSeconds = new Histogram({
  name: 'poolwatch_virsh_command_seconds',
  help: 'Latency of one virsh command, by host, command and path (session or oneshot)',
  labelNames: ['host', 'command', 'path', 'ok'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  registers: [registry],
});

export const pollSeconds = new Histogram({
  name: 'poolwatch_inventory_poll_seconds',
  help: 'Duration of one inventory poll of a host',
  labelNames: ['host'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const inventoryChanges = new Counter({
  name: 'poolwatch_inventory_changes_total',
  help: 'inventory:changed events emitted, by host and scope (pools or volumes)',
  labelNames: ['host', 'scope'] as const,
  registers: [registry],
});

export const storageErrors = new Counter({
  name: 'poolwatch_storage_errors_total',
  help: "Failed writes to the BFF's own stores (disk full, database busy), by store",
  labelNames: ['store'] as const,
  registers: [registry],
});

export const hostUp = new Gauge({
  name: 'poolwatch_host_connected',
  help: '1 when the host is connected, 0 otherwise',
  labelNames: ['host'] as const,
  registers: [registry],
});
