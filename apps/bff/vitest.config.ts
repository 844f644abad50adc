import { defineConfig } from 'vitest/config';

// Unit tests: pure code and recorded virsh output only. Integration tests that need a
// real libvirtd behind sshd live in *.int.test.ts (vitest.integration.config.ts).
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], exclude: ['src/**/*.int.test.ts', 'node_modules/**'] },
});
