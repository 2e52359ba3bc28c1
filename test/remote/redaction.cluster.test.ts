/**
 * A password in `remote` (ssh://root:secret@host) never shows: not in any log line at
 * HPCQ_LOG=debug, not in an error of a failing login, not in toJSON/inspect of what hpcq hands
 * back, for a login that fails and one that succeeds (by key; the testbed's sshd refuses passwords).
 */
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { RemoteError } from '../../src/errors.js';
import { Queue, submit } from '../../src/index.js';
import { closeAllRemoteHosts, getRemoteHost, parseRemoteUrl } from '../../src/remote/index.js';
import { captureStderr } from '../helpers/capture-stderr.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

useFileTempConfig('hpcq-redact-');
const PASSWORD = 'secret';

/** Everything an error can show: message, stack, causes, JSON and inspect. */
function everything(err: unknown): string {
  const parts: string[] = [];
  for (let e = err as { cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    parts.push(String(e), (e as Error).stack ?? '', JSON.stringify(e) ?? '', inspect(e, { depth: 6, showHidden: true }));
  }
  return parts.join('\n');
}

describeCluster('remote passwords are never printed', () => {
  let home = '';
  const log = captureStderr();
  const url = (): string => `ssh://root:${PASSWORD}@${testbed!.host}:${testbed!.port}`;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'hpcq-redact-home-'));
  });
  beforeEach(() => {
    vi.stubEnv('HOME', home);
    vi.stubEnv('SSH_AUTH_SOCK', '');
  });
  afterEach(async () => {
    await closeAllRemoteHosts();
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true, maxRetries: 5 });
  });

  it('a failing login: no key and a refused password', async () => {
    await mkdir(join(home, '.ssh'), { recursive: true });
    await writeFile(join(home, '.ssh', 'known_hosts'), `${testbed!.knownHosts}\n`);
    const host = getRemoteHost(url());
    const err = await host.run(['true']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as Error).message).toMatch(/authentication as root .* failed \(tried a password\)/);
    const badHostKey = await getRemoteHost({ ...parseRemoteUrl(url()), knownHosts: join(home, 'none') }).run(['true']).catch((e: unknown) => e);
    expect(badHostKey).toBeInstanceOf(RemoteError);
    const shown = [everything(err), everything(badHostKey), inspect(host, { depth: 6 }), log.text()].join('\n');
    expect(shown).toContain('root@127.0.0.1');
    expect(shown).not.toContain(PASSWORD);
  });

  it('a succeeding login: submit, wait, queue and clean over ssh://root:secret@host', async () => {
    await mkdir(join(home, '.ssh'), { recursive: true });
    await copyFile(testbed!.keyPath, join(home, '.ssh', 'id_ed25519'));
    await chmod(join(home, '.ssh', 'id_ed25519'), 0o600);
    await writeFile(join(home, '.ssh', 'known_hosts'), `${testbed!.knownHosts}\n`);
    const job = await submit('echo over-ssh', { qtype: 'slurm', remote: url(), filedir: join(home, 'jobs'), name: 'redact' });
    const res = await job.get();
    expect(res.stdout).toBe('over-ssh\n');
    const queue = await new Queue({ qtype: 'slurm', remote: url() }).update();
    await job.clean({ deleteOutputs: true });
    // The debug log did name the host (so the check below looks at real lines).
    expect(log.text().split('\n').filter((l) => l.includes('root@127.0.0.1')).length).toBeGreaterThan(3);
    const shown = [log.text(), JSON.stringify(job), inspect(job, { depth: 6 }), inspect(queue, { depth: 6 }), inspect(getRemoteHost(url()), { depth: 6 })].join('\n');
    expect(shown).not.toContain(PASSWORD);
  });
});
