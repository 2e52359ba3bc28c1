import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { submit, wait } from '../../src/api/index.js';
import { startProgress, summarizeStates } from '../../src/util/progress.js';

function sink(isTTY: boolean): Writable & { isTTY: boolean; text: string } {
  const s = new Writable({
    write(chunk, _enc, done) {
      s.text += String(chunk);
      done();
    },
  }) as Writable & { isTTY: boolean; text: string };
  s.text = '';
  s.isTTY = isTTY;
  return s;
}

describe('progress line', () => {
  it('counts states in a fixed order', () => {
    expect(summarizeStates(['pending', 'running', 'completed', 'pending', 'failed'])).toBe('1 running, 2 pending, 1 completed, 1 failed');
  });

  it('draws in place on a TTY and erases itself at the end', async () => {
    const stream = sink(true);
    let n = 0;
    const stop = startProgress(() => `step ${++n}`, { stream, delayMs: 5, intervalMs: 5 });
    await new Promise((r) => setTimeout(r, 60));
    stop();
    expect(stream.text).toMatch(/^\r\x1b\[2Khpcq: step 1 \[0s\]/);
    expect(stream.text).toContain('step 2');
    expect(stream.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('prints nothing when not a TTY, or when the wait ends before the delay', async () => {
    const pipe = sink(false);
    startProgress(() => 'x', { stream: pipe, delayMs: 1, intervalMs: 1 });
    const quick = sink(true);
    const stop = startProgress(() => 'x', { stream: quick, delayMs: 1000 });
    await new Promise((r) => setTimeout(r, 20));
    stop();
    expect(pipe.text + quick.text).toBe('');
  });

  it('shows one line for a wait on several jobs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hpcq-progress-'));
    let err = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      const jobs = await Promise.all([1, 2].map((i) => submit(`sleep 1.6; echo ${i}`, { qtype: 'local', filedir: dir, name: `slow${i}` })));
      await wait(jobs, { progress: true });
    } finally {
      spy.mockRestore();
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    }
    expect(err).toMatch(/hpcq: waiting for 2 jobs: 2 running \[1s\]/);
    expect(err).not.toMatch(/waiting for slow/);
  });
});
