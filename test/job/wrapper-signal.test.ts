/** The job wrapper ends its status file even when the job is signalled the moment it starts. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeJobFile } from '../../src/api/index.js';
import { parseStatusFile } from '../../src/core/status-file.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-wrapper-signal-');

it('writes end= for every started job, however early SIGTERM comes, and never runs a command signalled before it started', async () => {
  const dir = config.dir;
  const script = await makeJobFile(`touch ran; sleep 30`, { qtype: 'local', filedir: dir, dir, name: 'early' });
  const status = `${script}.status`;
  let started = 0;
  for (let i = 0; i < 60; i++) {
    const child = spawn('bash', [script], { cwd: dir, detached: true, stdio: 'ignore' });
    // Signal at staggered moments, from before the status file exists to after the command started.
    await new Promise((r) => setTimeout(r, i % 15));
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.on('exit', r));
    if (!existsSync(status)) continue;
    const parsed = parseStatusFile(readFileSync(status, 'utf8'));
    started++;
    expect(parsed.finished).toBe(true);
    expect(parsed.signal).toBe(15);
    if (!existsSync(join(dir, 'ran'))) expect(parsed.exitCode).toBe(143);
    rmSync(status);
    rmSync(join(dir, 'ran'), { force: true });
  }
  expect(started).toBeGreaterThan(30);
});
