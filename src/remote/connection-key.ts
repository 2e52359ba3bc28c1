/**
 * When two calls may share one SSH connection: only when everything that decides who logs in,
 * as whom, and which server is trusted is the same. Reusing a connection across a different key,
 * password or host-key policy would let a call succeed that would fail on its own connection.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RemoteError } from '../errors.js';
import type { ResolvedRemote } from './spec.js';

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Hash of the key file's content, so a key replaced under the same path gets a new connection. */
function identityHash(path: string | undefined): string {
  if (!path) return '';
  try {
    return sha256(readFileSync(path));
  } catch (err) {
    throw new RemoteError(`Cannot read identity file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The registry key of a resolved remote: a hash (so no credential is held in clear as a key) of
 * host, port, user, identity file path and content, password, passphrase, agent, host-key policy
 * and the ProxyJump chain.
 */
export function connectionKey(r: ResolvedRemote): string {
  const parts = [
    r.host,
    r.port,
    r.username,
    r.identityFile ?? '',
    identityHash(r.identityFile),
    r.password?.reveal() ?? '',
    r.passphrase?.reveal() ?? '',
    r.agent ?? '',
    r.knownHostsMode,
    r.knownHostsFile ?? '',
    // A tunnel through another host is part of who is reached and how.
    r.jump ? connectionKey(r.jump) : '',
  ];
  return sha256(JSON.stringify(parts));
}
