/**
 * Barrel kept so existing imports keep working. Things live in: @poolwatch/host-truth (what
 * the host says: allocation, holders, files), ./host-files.js (big test files, libvirt's
 * view of them), ./jobs-api.js (jobs through the API), ../pages/ and ./fixtures.ts (the UI).
 */
export {
  AllocationSampler,
  HolderWatch,
  exists,
  sha256File,
  writeAllocated,
  writeFilled,
  type HolderPass,
  type QuietResult,
  type Sample as TruthSample,
} from '@poolwatch/host-truth';
export * from './host-files.js';
export * from './jobs-api.js';
export * from './jobs-ui.js';
