/** Credentials in a remote never print: URL passwords, Secret values, and the object form. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RemoteError } from '../../src/errors.js';
import { describeRemote, parseRemoteSpec, parseRemoteUrl, Secret } from '../../src/remote/index.js';

describe('remote credentials', () => {
  it('reads a password from ssh://user:password@host, decoding %-escapes and raw @', () => {
    expect(parseRemoteUrl('ssh://root:secret@login:2222')).toEqual({ host: 'login', port: 2222, username: 'root', password: 'secret' });
    expect(parseRemoteUrl('ssh://ana:p%40ss%3Aw@h')).toMatchObject({ username: 'ana', password: 'p@ss:w' });
    expect(parseRemoteUrl('ssh://ana:p@ss@h')).toMatchObject({ host: 'h', username: 'ana', password: 'p@ss' });
  });

  it('describes a remote without its password', () => {
    expect(describeRemote('ssh://root:secret@login:2222')).toBe('ssh://root:[redacted]@login:2222');
    expect(describeRemote('ssh://root:se cr/et@x@login')).toBe('ssh://root:[redacted]@login');
    expect(describeRemote('ssh://root@[::1]:22')).toBe('ssh://root@[::1]:22');
    expect(describeRemote({ host: 'h', port: 22, username: 'u', password: 'secret' })).toBe('u@h:22');
  });

  it('keeps the password out of errors about a malformed URL', () => {
    const err = (() => {
      try {
        parseRemoteUrl('ssh://root:secret@bad host');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a RemoteError');
    })();
    expect(err).toBeInstanceOf(RemoteError);
    expect(`${err.message}\n${err.stack}`).not.toContain('secret');
  });

  it('resolves a password to a Secret that prints, stringifies and inspects as [redacted]', () => {
    const r = parseRemoteSpec({ host: 'h', username: 'u', password: 'secret', agent: false, knownHosts: 'off' });
    expect(r.password).toBeInstanceOf(Secret);
    expect(r.password!.reveal()).toBe('secret');
    expect(r.key).toBe('u@h:22');
    for (const shown of [JSON.stringify(r), inspect(r, { depth: 5, showHidden: true }), String(r.password), `${r.password}`]) {
      expect(shown).not.toContain('secret');
    }
  });
});
