import { defineConfig } from 'vitest/config';

// Real libvirtd reached over a real sshd on loopback (scripts/services.sh starts both).
// One file at a time: the tests share one daemon.
export default defineConfig({
  test: {
    include: ['src/**/*.int.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
