import { defineConfig } from 'vitest/config';

// Two workers on this 2-core machine (Vitest's default, cores - 1, runs one file at a time):
// the real builds of tests/build/ run beside the unit tests. Builds of this checkout share
// its one build lock, so a test's build waits for another's (tests/support/checkout-build.ts).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/build/**/*.test.ts'],
    testTimeout: 180_000,
    maxWorkers: 2,
  },
});
