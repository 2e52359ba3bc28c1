// Cancelling a command the instant it starts: the signal must reach that job alone, promptly.
import { describe, expect, it } from 'vitest';
import { LocalRunner } from '../../src/local-runner/index.js';

describe('cancel at the start of a command', () => {
  it('kills only the cancelled job, by SIGTERM, even before its process group exists', async () => {
    // Several fresh runners: the window is the few microseconds between the launcher's fork and
    // the child's own process group, so one try may miss it.
    for (let i = 0; i < 4; i++) {
      const runner = new LocalRunner({ cores: 2, killGrace: 20_000 });
      const bystander = runner.add('sleep 1');
      const victim = runner.add('sleep 30');
      await new Promise((r) => setImmediate(r));
      await runner.cancel(victim);
      expect(runner.state(victim)).toMatchObject({ state: 'cancelled', signal: 15 });
      expect(await runner.get(bystander)).toMatchObject({ state: 'completed', exitCode: 0 });
      await runner.close();
    }
  });
});
