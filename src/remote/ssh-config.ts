/**
 * `remote: 'ssh://alias'` through the user's OpenSSH client config (parsed by the `ssh-config`
 * package): Host patterns, HostName, User, Port, IdentityFile, ProxyJump and
 * UserKnownHostsFile. As with OpenSSH, what the caller gave explicitly wins and the config only
 * fills the rest. The file is `sshConfig` if given, else $HPCQ_SSH_CONFIG, else ~/.ssh/config;
 * `sshConfig: false` reads none.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { RemoteError } from '../errors.js';

/** What the config can say about one host (keys as hpcq's RemoteOptions name them). */
export interface SshConfigEntry {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  proxyJump?: string;
  knownHostsFile?: string;
}

/** The ssh config file to read for a spec, or undefined when none applies. */
export function sshConfigPath(given: string | false | undefined): string | undefined {
  if (given === false) return undefined;
  const path = given ?? process.env.HPCQ_SSH_CONFIG ?? join(homedir(), '.ssh', 'config');
  return existsSync(path) ? path : undefined;
}

/** `~/x` as a path in the home directory (as ssh does for every path it is given). */
export function untilde(path: string): string {
  return path.replace(/^~(?=\/|$)/, homedir());
}

/** OpenSSH's `~` and `%` tokens in IdentityFile / UserKnownHostsFile (see ssh_config(5) TOKENS). */
function expandPath(value: string, host: string, user: string, port: number): string {
  const tokens: Record<string, string> = { '%': '%', d: homedir(), h: host, r: user, p: String(port), u: userInfo().username };
  return untilde(value.replace(/%(.)/g, (whole, t: string) => tokens[t] ?? whole));
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * What `path` says for `alias` (a Host pattern match, first value wins as in OpenSSH). `Match exec`
 * is never evaluated: reading a config must not run commands.
 */
export function lookupSshConfig(path: string, alias: string, user: string | undefined): SshConfigEntry {
  let config: SSHConfig;
  try {
    config = SSHConfig.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new RemoteError(`Cannot read ssh config ${path}: ${(err as Error).message}`, { cause: err });
  }
  const found = config.compute({ Host: alias, ...(user ? { User: user } : {}) }, { ignoreCase: true, matchExec: false });
  // HostName may name the alias itself as %h (ssh_config(5), TOKENS).
  const hostName = first(found.hostname)?.replace(/%([h%])/g, (_, t: string) => (t === 'h' ? alias : '%'));
  const finalUser = user ?? first(found.user) ?? userInfo().username;
  const port = first(found.port) !== undefined ? Number(first(found.port)) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new RemoteError(`ssh config ${path}: Port ${first(found.port)} for ${alias} is not 1-65535`);
  }
  const host = hostName ?? alias;
  const expand = (v: string): string => expandPath(v, host, finalUser, port ?? 22);
  const jump = first(found.proxyjump);
  const known = all(found.userknownhostsfile).flatMap((v) => v.split(/\s+/)).filter(Boolean);
  return {
    ...(hostName ? { hostName } : {}),
    ...(first(found.user) ? { user: first(found.user)! } : {}),
    ...(port !== undefined ? { port } : {}),
    identityFiles: all(found.identityfile).map(expand),
    ...(jump && jump.toLowerCase() !== 'none' ? { proxyJump: jump } : {}),
    ...(known.length ? { knownHostsFile: expand(known[0]!) } : {}),
  };
}

/** One ProxyJump hop, `[user@]host[:port]` (IPv6 as `[::1]`). */
export function parseJumpHop(hop: string): { host: string; username?: string; port?: number } {
  const m = /^(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^:@\s]+)(?::(\d+))?$/.exec(hop.trim().replace(/^ssh:\/\//, ''));
  if (!m) throw new RemoteError(`ProxyJump hop "${hop}" is not [user@]host[:port]`);
  return { host: m[2]!.replace(/^\[(.*)\]$/, '$1'), ...(m[1] ? { username: m[1] } : {}), ...(m[3] ? { port: Number(m[3]) } : {}) };
}
