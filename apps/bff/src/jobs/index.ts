export { JobEngine, type JobEngineEvents, type JobEngineOptions } from './job-engine.js';
export { JobStore, type JobListOptions } from './job-store.js';
export { ProgressMeter } from './progress-meter.js';
export {
  JobCancelledError,
  JobInterruptedError,
  lockKeys,
  type JobContext,
  type JobHandle,
  type JobLock,
  type JobSpec,
} from './job-spec.js';
