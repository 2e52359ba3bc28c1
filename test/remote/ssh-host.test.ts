/** The SSH host against the testbed's loopback sshd: commands, files, reconnects, host keys. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommandError, RemoteError } from '../../src/errors.js';
import { closeAllRemoteHosts, createSshHost, getRemoteHost, parseRemoteSpec, type RemoteOptions } from '../../src/remote/index.js';
import { describeCluster, testbed } from '../helpers/cluster.js';

describeCluster('remote host over ssh (loopback sshd)', () => {
  let dir = '';
  let spec: RemoteOptions;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-remote-'));
    const known = join(dir, 'known_hosts');
    await writeFile(known, `${testbed!.knownHosts}\n`);
    spec = { host: testbed!.host, port: testbed!.port, username: testbed!.user, identityFile: testbed!.keyPath, knownHosts: known, agent: false };
  });

  afterAll(async () => {
    await closeAllRemoteHosts();
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('runs argv with awkward words exactly, with cwd, env and stdin', async () => {
    const host = getRemoteHost(spec);
    expect(host.remote).toBe(true);
    expect(host.name).toBe(`root@127.0.0.1:${testbed!.port}`);
    const awkward = ['a b', "it's", '"dq"', '$(echo pwned)', '`id`', '*', '', 'x\ny', '\\', '~'];
    const r = await host.run(['printf', '[%s]\\n', ...awkward]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(awkward.map((w) => `[${w}]\n`).join(''));

    const r2 = await host.run(['sh', '-c', 'echo "$PWD $HPCQ_X"; cat; exit 3'], { cwd: dir, env: { HPCQ_X: 'v a l' }, input: 'in put' });
    expect(r2).toMatchObject({ exitCode: 3, stdout: `${dir} v a l\nin put` });
  });

  it('runs many commands at once over the one connection', async () => {
    const host = getRemoteHost(spec);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => host.run(['echo', String(i)])));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('reports timeouts as exit 124 and a missing program as a CommandError', async () => {
    const host = getRemoteHost(spec);
    const r = await host.run(['sleep', '30'], { timeoutMs: 500 });
    expect(r.exitCode).toBe(124);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/timed out after 500 ms/);
    await expect(host.run(['hpcq-no-such-program', 'x'])).rejects.toBeInstanceOf(CommandError);
    expect(await host.which('sbatch')).toBe(true);
    expect(await host.which('hpcq-no-such-program')).toBe(false);
  });

  it('writes (atomically, creating parents), reads, stats, lists and removes files over SFTP', async () => {
    const host = getRemoteHost(spec);
    const file = join(dir, 'sub', 'deeper', 'file name.txt');
    await host.writeFile(file, 'first');
    await host.writeFile(file, 'second ✓', { mode: 0o640 });
    expect(await host.readFile(file)).toBe('second ✓');
    const st = await host.stat(file);
    expect(st?.size).toBe(Buffer.byteLength('second ✓'));
    expect(Math.abs(st!.mtimeMs - Date.now())).toBeLessThan(60_000);
    expect((await host.run(['stat', '-c', '%a', file])).stdout.trim()).toBe('640');
    expect(await host.list(join(dir, 'sub', 'deeper'))).toEqual(['file name.txt']);
    await host.remove(file);
    await host.remove(file);
    expect(await host.readFile(file)).toBeUndefined();
    expect(await host.stat(file)).toBeUndefined();
    expect(await host.list(join(dir, 'missing'))).toEqual([]);
  });

  it('reconnects after close, and closeAllRemoteHosts gives fresh hosts', async () => {
    const host = getRemoteHost(spec);
    await host.close();
    expect((await host.run(['echo', 'again'])).stdout).toBe('again\n');
    expect(getRemoteHost({ ...spec })).toBe(host);
    // The URL form logs in with other credentials (default keys, ~/.ssh/known_hosts): its own connection.
    expect(getRemoteHost(`ssh://root@127.0.0.1:${testbed!.port}`)).not.toBe(host);
    await closeAllRemoteHosts();
    const fresh = getRemoteHost(spec);
    expect(fresh).not.toBe(host);
    expect((await fresh.run(['true'])).exitCode).toBe(0);
  });

  it('refuses a server whose host key differs from known_hosts', async () => {
    const wrong = join(dir, 'wrong_known_hosts');
    // A valid ed25519 key that is not the testbed's.
    await writeFile(wrong, `[127.0.0.1]:${testbed!.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`);
    const host = createSshHost(parseRemoteSpec({ ...spec, knownHosts: wrong }));
    const err = await host.run(['true']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(String((err as Error).message)).toMatch(/HOST KEY MISMATCH.*wrong_known_hosts:1/s);
    await host.close();
  });

  it('refuses an unknown host in strict mode and learns it with accept-new', async () => {
    const empty = join(dir, 'empty_known_hosts');
    const strict = createSshHost(parseRemoteSpec({ ...spec, knownHosts: empty }));
    await expect(strict.run(['true'])).rejects.toThrow(/is not in .*empty_known_hosts/);
    // accept-new writes to ~/.ssh/known_hosts: point HOME at the temp dir for this host.
    const home = process.env.HOME;
    process.env.HOME = dir;
    try {
      const learner = createSshHost(parseRemoteSpec({ ...spec, knownHosts: 'accept-new' }));
      expect((await learner.run(['echo', 'learned'])).stdout).toBe('learned\n');
      await learner.close();
    } finally {
      process.env.HOME = home;
    }
    const learnt = await readFile(join(dir, '.ssh', 'known_hosts'), 'utf8');
    expect(learnt.trim()).toBe(testbed!.knownHosts);
    await strict.close();
  });
});
