export * from './names.js';
export * from './inventory.js';
export * from './errors.js';
export * from './jobs.js';
export * from './socket-events.js';
export * from './api-paths.js';
export * from './routes/index.js';
export * from './auth.js';
