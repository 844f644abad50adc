// Host ground truth for tests and bench: what the host itself says, never what the BFF says.
export * from './allocation.js';
export * from './files.js';
export * from './holder-watch.js';
export * from './proc.js';
export * from './virsh.js';
