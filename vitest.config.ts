import { defineConfig } from 'vitest/config';

// One test command for the whole repository: `npm test` (see README). Three projects:
// pure domain tests, server tests on SQLite and PostgreSQL, and browser tests in Chromium.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['domain/src/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['server/src/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A page reload on a busy 2-core machine can take more than expect.poll's default 1 s:
          // polls wait up to 15 s (they return as soon as the condition holds).
          expect: { poll: { timeout: 15_000 } },
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
