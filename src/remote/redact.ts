/**
 * Keeping credentials out of anything hpcq prints. A password or passphrase lives in a `Secret`,
 * which prints, stringifies and inspects as `[redacted]`; a remote is printed only through
 * `describeRemote`, which drops the password of an `ssh://user:password@host` URL. Nothing in
 * this file loads ssh2, so any module may use it.
 */
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/** A credential that never shows itself: only `reveal()` gives the value (for the SSH client). */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The value itself, for the one place that hands it to the SSH client. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}

/** A URL-like string without the password of its `user:password@` part (up to the last `@`). */
function redactUrl(url: string): string {
  const scheme = /^\s*[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  const at = url.lastIndexOf('@');
  const colon = url.indexOf(':', scheme.length);
  if (at < 0 || colon < 0 || colon > at) return url;
  return `${url.slice(0, colon)}:${REDACTED}${url.slice(at)}`;
}

/**
 * A remote spec for messages: a URL without its password, or `user@host:port` for the object
 * form (whose password, passphrase and other fields are left out).
 */
export function describeRemote(spec: unknown): string {
  if (typeof spec === 'string') return redactUrl(spec);
  if (spec && typeof spec === 'object' && typeof (spec as { host?: unknown }).host === 'string') {
    const { host, port, username } = spec as { host: string; port?: unknown; username?: unknown };
    const user = typeof username === 'string' ? `${username}@` : '';
    return `${user}${host}${typeof port === 'number' ? `:${port}` : ''}`;
  }
  return '(a remote without a host)';
}
