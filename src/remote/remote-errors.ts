/**
 * SSH connection failures turned into RemoteErrors that say what was tried and what to do.
 */
import { RemoteError } from '../errors.js';
import { fingerprint, keyType, type HostKeyVerdict } from './known-hosts.js';
import type { ResolvedRemote } from './spec.js';

/** Thrown when a channel cannot be opened because the connection is gone. */
export class StaleConnection extends RemoteError {
  override name = 'RemoteError';
}

/** A channel (exec or SFTP) could not be opened; StaleConnection when the connection is gone. */
export function channelError(r: ResolvedRemote, err: Error): RemoteError {
  if (/not connected|no response|closed/i.test(err.message)) {
    return new StaleConnection(`Connection to ${r.key} is gone: ${err.message}`, { cause: err, transient: true });
  }
  return new RemoteError(`Could not open an SSH channel on ${r.key}: ${err.message}`, { cause: err });
}

/** Connecting or logging in failed. */
export function connectError(r: ResolvedRemote, err: Error & { level?: string }): RemoteError {
  if (err.level === 'client-authentication') {
    const tried = [r.identityFile && `key ${r.identityFile}`, r.agent && `agent ${r.agent}`, r.password && 'a password'].filter(Boolean).join(', ');
    return new RemoteError(`SSH authentication as ${r.username} on ${r.host}:${r.port} failed (tried ${tried})`, { cause: err });
  }
  // A refused, reset or timed-out connection may pass (sshd restarting, the network back).
  const transient = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN|Timed out|closed|ended/i.test(`${(err as { code?: string }).code ?? ''} ${err.message}`);
  return new RemoteError(`Could not connect to ${r.key}: ${err.message}`, { cause: err, transient });
}

/** The server's host key was refused by the known_hosts check. */
export function hostKeyError(r: ResolvedRemote, key: Buffer, verdict: Exclude<HostKeyVerdict, { status: 'match' }>): RemoteError {
  const got = `${keyType(key)} ${fingerprint(key)}`;
  if (verdict.status === 'mismatch') {
    return new RemoteError(
      `HOST KEY MISMATCH for ${r.host}:${r.port}: the server offered ${got} but ${verdict.where} expects ` +
        `${verdict.expected.join(' or ')}. Someone may be intercepting the connection, or the host key changed; ` +
        'refusing to connect. Fix the known_hosts entry if the change is expected.',
    );
  }
  if (verdict.status === 'revoked') return new RemoteError(`Host key ${got} of ${r.host}:${r.port} is revoked (${verdict.where})`);
  return new RemoteError(
    `Host ${r.host}:${r.port} (${got}) is not in ${r.knownHostsFile}. Connect once with ssh to add it, ` +
      "or use knownHosts: 'accept-new'.",
  );
}
