/**
 * The private key a login offers. An encrypted key is opened with the `passphrase` option; without
 * one, the ssh-agent is used instead if there is one, else the error says what to give. Neither
 * the passphrase nor the key ever reaches a message.
 */
import { readFile } from 'node:fs/promises';
import { RemoteError } from '../errors.js';
import { createLogger } from '../util/log.js';
import type { ResolvedRemote } from './spec.js';

const log = createLogger('remote');

/** The key material for ssh2's connect config; empty when only the agent (or a password) is used. */
export interface IdentityConfig {
  privateKey?: Buffer;
  passphrase?: string;
}

/** Read and check the identity file of `r` (ssh2 parses it here once, so a bad passphrase is named). */
export async function loadIdentity(r: ResolvedRemote): Promise<IdentityConfig> {
  if (!r.identityFile) return {};
  let privateKey: Buffer;
  try {
    privateKey = await readFile(r.identityFile);
  } catch (err) {
    throw new RemoteError(`Cannot read identity file ${r.identityFile}: ${(err as Error).message}`, { cause: err });
  }
  const passphrase = r.passphrase?.reveal();
  // Loaded here, not at import: `import 'hpcq'` must not load the SSH client.
  const { default: ssh2 } = await import('ssh2');
  const parsed = ssh2.utils.parseKey(privateKey, passphrase);
  if (!(parsed instanceof Error)) return { privateKey, ...(passphrase ? { passphrase } : {}) };
  const encrypted = /encrypted|passphrase/i.test(parsed.message);
  if (encrypted && !passphrase && (r.agent || r.password)) {
    log.debug(`${r.key}: identity file ${r.identityFile} is encrypted and no passphrase was given; not offering it`);
    return {};
  }
  if (encrypted && !passphrase) {
    throw new RemoteError(`Identity file ${r.identityFile} is encrypted: give its passphrase (the passphrase option) or load it into an ssh-agent`);
  }
  if (encrypted) throw new RemoteError(`The passphrase does not open identity file ${r.identityFile}`);
  throw new RemoteError(`Identity file ${r.identityFile} is not a private key ssh2 can read: ${parsed.message}`);
}
