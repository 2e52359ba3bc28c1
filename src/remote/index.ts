/**
 * Remote hosts by login: one SSH connection per user@host:port, shared by every job, queue
 * poller and file operation that names the same remote.
 */
import type { Host } from '../util/host.js';
import { createSshHost } from './ssh-host.js';
import { parseRemoteSpec, type RemoteSpec } from './spec.js';

export { parseRemoteSpec, parseRemoteUrl, knownHostsName } from './spec.js';
export type { KnownHostsPolicy, RemoteOptions, RemoteSpec, ResolvedRemote } from './spec.js';
export { createSshHost, remoteCommandLine } from './ssh-host.js';

const registry = new Map<string, Host>();

/**
 * The Host for a remote spec (`ssh://user@host:port` or an object). Hosts are shared by
 * user@host:port: the first spec's settings (key, known-hosts policy) are the ones used.
 */
export function getRemoteHost(spec: RemoteSpec): Host {
  const remote = parseRemoteSpec(spec);
  let host = registry.get(remote.key);
  if (!host) {
    host = createSshHost(remote);
    registry.set(remote.key, host);
  }
  return host;
}

/** Close every remote connection and forget the hosts (new calls connect afresh). */
export async function closeAllRemoteHosts(): Promise<void> {
  const hosts = [...registry.values()];
  registry.clear();
  await Promise.all(hosts.map((h) => h.close()));
}
