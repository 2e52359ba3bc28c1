/**
 * The SSH connection cache over the testbed's sshd, in one process: a connection is shared only
 * by calls with the same host, port, user, identity (path and content), password, agent and
 * host-key policy, and a failed connection is never kept.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { RemoteError } from '../../src/errors.js';
import { closeAllRemoteHosts, getRemoteHost, type RemoteOptions } from '../../src/remote/index.js';
import { describeCluster, testbed } from '../helpers/cluster.js';

/** A key pair the testbed's sshd does not accept. */
function strangerKey(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger', '-f', path]);
}

describeCluster('SSH connection cache: who may share a connection', () => {
  let dir = '';
  let base: RemoteOptions;
  let stranger = '';
  let goodKnown = '';
  let wrongKnown = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-conn-cache-'));
    goodKnown = join(dir, 'known_hosts');
    await writeFile(goodKnown, `${testbed!.knownHosts}\n`);
    wrongKnown = join(dir, 'wrong_known_hosts');
    // A valid ed25519 key that is not the testbed's.
    await writeFile(wrongKnown, `[127.0.0.1]:${testbed!.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`);
    stranger = join(dir, 'stranger_ed25519');
    strangerKey(stranger);
    base = { host: testbed!.host, port: testbed!.port, username: testbed!.user, identityFile: testbed!.keyPath, knownHosts: goodKnown, agent: false };
  });
  afterEach(async () => {
    await closeAllRemoteHosts();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  const echo = async (spec: RemoteOptions): Promise<string> => (await getRemoteHost(spec).run(['echo', 'ok'])).stdout;

  it("does not lend a knownHosts 'off' connection to a strict check that does not match", async () => {
    expect(await echo({ ...base, knownHosts: 'off' })).toBe('ok\n');
    const err = await echo({ ...base, knownHosts: wrongKnown }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as Error).message).toMatch(/HOST KEY MISMATCH/);
  });

  it('does not lend a connection to a wrong identity file, nor to the same path with other content', async () => {
    expect(await echo(base)).toBe('ok\n');
    const err = await echo({ ...base, identityFile: stranger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as Error).message).toMatch(/authentication as root .* failed \(tried key .*stranger_ed25519\)/);

    const swapped = join(dir, 'swapped_key');
    await copyFile(testbed!.keyPath, swapped);
    expect(await echo({ ...base, identityFile: swapped })).toBe('ok\n');
    await copyFile(stranger, swapped);
    await expect(echo({ ...base, identityFile: swapped })).rejects.toThrow(/authentication .* failed/);
  });

  it('keeps no failed connection: a correct config after a failure connects', async () => {
    await expect(echo({ ...base, identityFile: stranger })).rejects.toThrow(RemoteError);
    expect(await echo(base)).toBe('ok\n');

    // The same settings fail while known_hosts lacks the host, and connect once it is added.
    const later = join(dir, 'later_known_hosts');
    await writeFile(later, '');
    const host = getRemoteHost({ ...base, knownHosts: later });
    await expect(host.run(['true'])).rejects.toThrow(/is not in .*later_known_hosts/);
    await writeFile(later, `${testbed!.knownHosts}\n`);
    expect((await getRemoteHost({ ...base, knownHosts: later }).run(['echo', 'ok'])).stdout).toBe('ok\n');
  });

  it('shares one connection between calls with the same credentials, and names the others apart', async () => {
    const a = getRemoteHost(base);
    expect(getRemoteHost({ ...base })).toBe(a);
    const b = getRemoteHost({ ...base, knownHosts: 'off' });
    expect(b).not.toBe(a);
    expect(a.name).not.toBe(b.name);
    expect(b.name).toMatch(/^root@127\.0\.0\.1:\d+(#\d+)?$/);
  });
});
