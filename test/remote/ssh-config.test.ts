/** Reading an OpenSSH client config for one alias: pure lookups over a temp file, no connection. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lookupSshConfig, parseJumpHop } from '../../src/remote/ssh-config.js';
import { parseRemoteSpec } from '../../src/remote/spec.js';

const dir = mkdtempSync(join(tmpdir(), 'hpcq-ssh-config-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

function config(text: string): string {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, text);
  return path;
}

describe('lookupSshConfig', () => {
  it('takes the first value of each directive over matching Host blocks, and expands ~ and % tokens', () => {
    const path = config(
      'Host login*\n  HostName %h.example.org\n  User ana\n  IdentityFile ~/.ssh/id_%r_%h\n  UserKnownHostsFile ~/kh1 ~/kh2\n\n' +
        'Host *\n  User bob\n  Port 2222\n  ProxyJump none\n',
    );
    expect(lookupSshConfig(path, 'login1', undefined)).toEqual({
      hostName: 'login1.example.org',
      user: 'ana',
      port: 2222,
      identityFiles: [join(homedir(), '.ssh', 'id_ana_login1.example.org')],
      knownHostsFile: join(homedir(), 'kh1'),
    });
    expect(lookupSshConfig(path, 'other', undefined)).toEqual({ user: 'bob', port: 2222, identityFiles: [] });
  });

  it('never runs Match exec', () => {
    const marker = join(dir, 'EXEC_RAN');
    const path = config(`Match exec "touch ${marker}"\n  User evil\n`);
    lookupSshConfig(path, 'h', undefined);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses a Port that is not a port', () => {
    expect(() => lookupSshConfig(config('Host h\n  Port 99999\n'), 'h', undefined)).toThrow(/Port 99999 for h is not 1-65535/);
  });
});

describe('parseJumpHop', () => {
  it('reads [user@]host[:port]', () => {
    expect(parseJumpHop('bastion')).toEqual({ host: 'bastion' });
    expect(parseJumpHop('ana@bastion:2200')).toEqual({ host: 'bastion', username: 'ana', port: 2200 });
    expect(parseJumpHop('ssh://[::1]:22')).toEqual({ host: '::1', port: 22 });
    expect(() => parseJumpHop('a b')).toThrow(/ProxyJump hop/);
  });
});

describe('paths given to parseRemoteSpec', () => {
  it('expand ~ in identityFile and a knownHosts path', () => {
    const home = mkdtempSync(join(tmpdir(), 'hpcq-home-'));
    writeFileSync(join(home, 'key'), 'x');
    const old = process.env.HOME;
    process.env.HOME = home;
    try {
      const r = parseRemoteSpec({ host: 'h', identityFile: '~/key', knownHosts: '~/kh', sshConfig: false, agent: false });
      expect(r).toMatchObject({ identityFile: join(home, 'key'), knownHostsFile: join(home, 'kh') });
    } finally {
      process.env.HOME = old;
      rmSync(home, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});
