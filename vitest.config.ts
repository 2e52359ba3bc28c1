import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that disturb the shared testbed run alone afterwards (vitest.isolated.config.ts).
    exclude: ['test/**/*.isolated.test.ts', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Cluster tests share one Slurm testbed; files run in parallel, tests within a file in order.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
