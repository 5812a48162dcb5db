import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup/electron-mock.ts'],
    reporters: ['default', './tests/setup/summary-reporter.ts'],
    // electron-store imports `electron`; inlined, that import goes through vi.mock instead of the real
    // package (which would try to download the binary).
    server: { deps: { inline: ['electron-store'] } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: network tests each start their own demo PBX, so keep the pool small.
    maxWorkers: 2,
  },
});
