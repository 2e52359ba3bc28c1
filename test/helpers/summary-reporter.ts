/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after each vitest run,
 * and adds the counts to $HPCQ_TEST_SUMMARY (one JSON line per run) so .ci/run can total
 * the main and the isolated phase.
 */
import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: errors.length, skipped: 0 };
    for (const mod of modules) {
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) counts.failed++;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    if (process.env.HPCQ_TEST_SUMMARY) appendFileSync(process.env.HPCQ_TEST_SUMMARY, `${JSON.stringify(counts)}\n`);
  }
}
