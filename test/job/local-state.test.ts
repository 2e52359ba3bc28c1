/** A local Job's state getters read the runner's live record and never start a runner. */
import { afterAll, expect, it } from 'vitest';
import { submit } from '../../src/api/index.js';
import { getDefaultRunner, peekDefaultRunner } from '../../src/local-runner/index.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-local-state-');
afterAll(async () => peekDefaultRunner()?.close());

it('reads the live state, and after close() reading it does not start a new runner', async () => {
  const job = await submit('sleep 30', { qtype: 'local', filedir: config.dir, name: 'sleeper' });
  for (let i = 0; i < 100 && job.state !== 'running'; i++) await new Promise((r) => setTimeout(r, 20));
  expect(job.state).toBe('running');
  await getDefaultRunner().close();
  expect(peekDefaultRunner()).toBeUndefined();
  void job.state;
  void job.exitCode;
  expect(peekDefaultRunner()).toBeUndefined();
});
