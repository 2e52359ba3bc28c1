/**
 * Remote hosts by login: one SSH connection per host, port, user and credentials (see
 * connection-key.ts), shared by every job, queue poller and file operation that names the same
 * remote with the same credentials.
 */
import type { Host } from '../util/host.js';
import { connectionKey } from './connection-key.js';
import { createSshHost } from './ssh-host.js';
import { parseRemoteSpec, type RemoteSpec } from './spec.js';

export { parseRemoteSpec, parseRemoteUrl, knownHostsName } from './spec.js';
export type { KnownHostsPolicy, RemoteOptions, RemoteSpec, ResolvedRemote } from './spec.js';
export { createSshHost, remoteCommandLine } from './ssh-host.js';
export { describeRemote, Secret } from './redact.js';

const registry = new Map<string, Host>();
/**
 * Host names by connection key, kept across closeAllRemoteHosts: pollers and Jobs are keyed by
 * Host name, so a name must never be given to different credentials. The first settings for
 * user@host:port get that name; other settings for it get `user@host:port#2`, `#3`, ...
 */
const names = new Map<string, string>();
const namesTaken = new Map<string, number>();

function hostName(connKey: string, display: string): string {
  let name = names.get(connKey);
  if (!name) {
    const n = (namesTaken.get(display) ?? 0) + 1;
    namesTaken.set(display, n);
    name = n === 1 ? display : `${display}#${n}`;
    names.set(connKey, name);
  }
  return name;
}

/**
 * The Host for a remote spec (`ssh://user@host:port` or an object). Calls share a Host (and its
 * connection) only when host, port, user, identity (path and content), password, agent and
 * host-key policy are all the same.
 */
export function getRemoteHost(spec: RemoteSpec): Host {
  const remote = parseRemoteSpec(spec);
  const key = connectionKey(remote);
  let host = registry.get(key);
  if (!host) {
    host = createSshHost(remote, hostName(key, remote.key));
    registry.set(key, host);
  }
  return host;
}

/** Close every remote connection and forget the hosts (new calls connect afresh). */
export async function closeAllRemoteHosts(): Promise<void> {
  const hosts = [...registry.values()];
  registry.clear();
  await Promise.all(hosts.map((h) => h.close()));
}
