import { defineConfig } from 'vitest/config';

// Tests that disturb the shared testbed (stopping slurmdbd, failing the node) run after the
// main suite, one file at a time, with nothing else running.
export default defineConfig({
  test: {
    include: ['test/**/*.isolated.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
