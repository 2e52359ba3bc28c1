/** Remote specs and known_hosts checking: pure parsing, no connection needed. */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RemoteError } from '../../src/errors.js';
import { checkHostKey, fingerprint, keyType, knownKeyTypes } from '../../src/remote/known-hosts.js';
import { parseRemoteSpec, parseRemoteUrl } from '../../src/remote/spec.js';
import { remoteCommandLine } from '../../src/remote/ssh-host.js';

/** An ssh-ed25519 public key blob (string "ssh-ed25519" + 32 key bytes, length-prefixed). */
function ed25519Blob(): Buffer {
  const der = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  const raw = der.subarray(der.length - 32);
  const name = Buffer.from('ssh-ed25519');
  const len = (n: number) => Buffer.from([0, 0, 0, n]);
  return Buffer.concat([len(name.length), name, len(raw.length), raw]);
}

describe('parseRemoteUrl / parseRemoteSpec', () => {
  it('reads user, host and port from ssh:// URLs', () => {
    expect(parseRemoteUrl('ssh://alice@login.example.org:2222')).toEqual({ host: 'login.example.org', username: 'alice', port: 2222 });
    expect(parseRemoteUrl('ssh://[::1]:22')).toEqual({ host: '::1', port: 22 });
    expect(parseRemoteUrl('ssh://cluster')).toEqual({ host: 'cluster' });
  });

  it('rejects malformed URLs and ports with a RemoteError', () => {
    expect(() => parseRemoteUrl('login.example.org')).toThrow(RemoteError);
    expect(() => parseRemoteSpec({ host: 'h', port: 70000, agent: false, knownHosts: 'off' })).toThrow(/1-65535/);
    expect(() => parseRemoteSpec({ host: 'h', identityFile: '/nonexistent/key' })).toThrow(/does not exist/);
  });

  it('fills defaults and keys hosts by user@host:port', () => {
    const r = parseRemoteSpec({ host: 'h', username: 'bob', knownHosts: 'accept-new' });
    expect(r.port).toBe(22);
    expect(r.key).toBe('bob@h:22');
    expect(r.knownHostsMode).toBe('accept-new');
    expect(r.knownHostsFile).toMatch(/\.ssh\/known_hosts$/);
    expect(parseRemoteSpec({ host: 'h', knownHosts: '/tmp/kh' })).toMatchObject({ knownHostsMode: 'strict', knownHostsFile: '/tmp/kh' });
    expect(parseRemoteSpec({ host: 'h', knownHosts: 'off' }).knownHostsFile).toBeUndefined();
  });
});

describe('checkHostKey', () => {
  const key = ed25519Blob();
  const other = ed25519Blob();
  const b64 = key.toString('base64');

  it('matches plain, bracketed-port and wildcard entries', () => {
    expect(checkHostKey(`h1,h2 ssh-ed25519 ${b64}\n`, 'h2', 22, key).status).toBe('match');
    expect(checkHostKey(`[127.0.0.1]:2222 ssh-ed25519 ${b64}\n`, '127.0.0.1', 2222, key).status).toBe('match');
    expect(checkHostKey(`127.0.0.1 ssh-ed25519 ${b64}\n`, '127.0.0.1', 2222, key).status).toBe('unknown');
    expect(checkHostKey(`*.example.org,!bad.example.org ssh-ed25519 ${b64}\n`, 'a.example.org', 22, key).status).toBe('match');
    expect(checkHostKey(`*.example.org,!bad.example.org ssh-ed25519 ${b64}\n`, 'bad.example.org', 22, key).status).toBe('unknown');
  });

  it('matches hashed entries (|1|salt|hash)', () => {
    // Hashed with HMAC-SHA1 keyed by the salt, as `ssh-keygen -H` writes them.
    const salt = Buffer.from('0123456789abcdef0123');
    const hash = createHmac('sha1', salt).update('[h]:2200').digest('base64');
    expect(checkHostKey(`|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${b64}\n`, 'h', 2200, key).status).toBe('match');
  });

  it('reports a changed key as a mismatch naming the expected fingerprint and line', () => {
    const v = checkHostKey(`# comment\nh ssh-ed25519 ${other.toString('base64')}\n`, 'h', 22, key, '/kh');
    expect(v).toEqual({ status: 'mismatch', expected: [`ssh-ed25519 ${fingerprint(other)}`], where: '/kh:2' });
    expect(checkHostKey(`@revoked h ssh-ed25519 ${b64}\n`, 'h', 22, key).status).toBe('revoked');
  });

  it('knows key types and fingerprints', () => {
    expect(keyType(key)).toBe('ssh-ed25519');
    expect(fingerprint(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(knownKeyTypes(`h ssh-rsa AAAA\nh ssh-ed25519 ${b64}\nx ecdsa-sha2-nistp256 AAAA\n`, 'h', 22)).toEqual(['ssh-rsa', 'ssh-ed25519']);
  });
});

describe('remoteCommandLine', () => {
  it('quotes every word and passes cwd and env through the shell', () => {
    expect(remoteCommandLine(['echo', 'a b', "it's", '$(x)'])).toBe(`echo 'a b' 'it'\\''s' '$(x)'`);
    expect(remoteCommandLine(['sbatch', 'j.sh'], { cwd: '/tmp/my dir', env: { A: '1 2' } })).toBe(
      `cd '/tmp/my dir' && env 'A=1 2' sbatch j.sh`,
    );
  });
});
