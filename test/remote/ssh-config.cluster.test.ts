/**
 * `remote: 'ssh://alias'` through an OpenSSH client config (a temp file named by
 * HPCQ_SSH_CONFIG or the sshConfig option, so the real ~/.ssh is never read), over the testbed's
 * sshd: HostName, User, Port, IdentityFile, UserKnownHostsFile and ProxyJump; an encrypted key
 * opened with the passphrase option or replaced by the agent; the passphrase never printed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { RemoteError } from '../../src/errors.js';
import { closeAllRemoteHosts, getRemoteHost, parseRemoteSpec } from '../../src/remote/index.js';
import { captureStderr } from '../helpers/capture-stderr.js';
import { describeCluster, testbed } from '../helpers/cluster.js';

const PASSPHRASE = 'correct-horse-42';

describeCluster('ssh config aliases and encrypted keys', () => {
  let dir = '';
  let config = '';
  const log = captureStderr();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hpcq-ssh-config-'));
    const plain = join(dir, 'plain_key');
    const encrypted = join(dir, 'encrypted_key');
    await copyFile(testbed!.keyPath, plain);
    await copyFile(testbed!.keyPath, encrypted);
    await Promise.all([chmod(plain, 0o600), chmod(encrypted, 0o600)]);
    // The testbed's own key, encrypted: sshd already accepts it.
    execFileSync('ssh-keygen', ['-q', '-p', '-N', PASSPHRASE, '-f', encrypted]);
    const known = join(dir, 'known');
    await writeFile(known, `${testbed!.knownHosts}\n`);
    config = join(dir, 'ssh_config');
    const at = `HostName ${testbed!.host}\n  Port ${testbed!.port}\n  User ${testbed!.user}\n  UserKnownHostsFile ${known}\n`;
    await writeFile(
      config,
      `# test config\nHost tb\n  ${at}  IdentityFile ${join(dir, 'missing_key')}\n  IdentityFile ${plain}\n\n` +
        `Host tbenc\n  ${at}  IdentityFile ${encrypted}\n\n` +
        `Host tbjumped\n  ${at}  IdentityFile ${plain}\n  ProxyJump tb\n\n` +
        `Host tbbadjump\n  ${at}  IdentityFile ${plain}\n  ProxyJump root@127.0.0.1:1\n\n` +
        `Host loop\n  ProxyJump loop\n\n` +
        `Host *\n  User nobody-by-default\n`,
    );
  });
  beforeEach(() => {
    vi.stubEnv('HPCQ_SSH_CONFIG', config);
    vi.stubEnv('SSH_AUTH_SOCK', '');
  });
  afterEach(async () => {
    await closeAllRemoteHosts();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('resolves ssh://alias: HostName, User, Port, the first IdentityFile that exists, UserKnownHostsFile', async () => {
    const host = getRemoteHost('ssh://tb');
    expect(host.name).toBe(`${testbed!.user}@${testbed!.host}:${testbed!.port}`);
    expect((await host.run(['echo', 'via alias'])).stdout).toBe('via alias\n');
    const r = parseRemoteSpec('ssh://tb');
    expect(r).toMatchObject({ knownHostsMode: 'strict', knownHostsFile: join(dir, 'known'), identityFile: join(dir, 'plain_key') });
    // What the caller gives wins over the config, as with OpenSSH's command line.
    expect(parseRemoteSpec({ host: 'tb', port: 2200, username: 'ana' })).toMatchObject({ port: 2200, username: 'ana' });
    // The sshConfig option names the file too; false reads none.
    vi.stubEnv('HPCQ_SSH_CONFIG', join(dir, 'nothing-here'));
    expect(parseRemoteSpec({ host: 'tb', sshConfig: config }).port).toBe(testbed!.port);
    expect(parseRemoteSpec({ host: 'tb', sshConfig: false }).port).toBe(22);
  });

  it('opens an encrypted IdentityFile with the passphrase option, and says what is missing without it', async () => {
    expect((await getRemoteHost({ host: 'tbenc', passphrase: PASSPHRASE, agent: false }).run(['echo', 'unlocked'])).stdout).toBe('unlocked\n');
    const none = await getRemoteHost({ host: 'tbenc', agent: false }).run(['true']).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(RemoteError);
    expect((none as Error).message).toMatch(/encrypted_key is encrypted: give its passphrase/);
    const wrong = await getRemoteHost({ host: 'tbenc', passphrase: 'not-it', agent: false }).run(['true']).catch((e: unknown) => e);
    expect((wrong as Error).message).toMatch(/passphrase does not open identity file .*encrypted_key/);
    const shown = [log.text(), inspect(parseRemoteSpec({ host: 'tbenc', passphrase: PASSPHRASE }), { depth: 5 }), JSON.stringify(parseRemoteSpec({ host: 'tbenc', passphrase: PASSPHRASE }))].join('\n');
    expect(shown).not.toContain(PASSPHRASE);
  });

  it('uses the ssh-agent for an encrypted key given without a passphrase', async () => {
    const sock = join(dir, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', ['-q', join(dir, 'plain_key')], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const host = getRemoteHost({ host: 'tbenc', agent: sock });
      expect((await host.run(['echo', 'by agent'])).stdout).toBe('by agent\n');
    } finally {
      agent.kill();
    }
  });

  it('tunnels through the ProxyJump host', async () => {
    expect((await getRemoteHost('ssh://tbjumped').run(['echo', 'jumped'])).stdout).toBe('jumped\n');
    // A jump host that cannot be reached fails the login: the tunnel is really used.
    const err = await getRemoteHost('ssh://tbbadjump').run(['true']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as Error).message).toMatch(/root@127\.0\.0\.1:1\b/);
    expect(() => parseRemoteSpec('ssh://loop')).toThrow(/ProxyJump .* more than 5 hops/);
  });
});
