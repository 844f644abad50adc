// What the composition root needs of the engine; rooms that plan jobs import job-spec.ts.
export { JobEngine } from './job-engine.js';
export { JobStore } from './job-store.js';
export { CapacityHistory } from './capacity-history.js';
