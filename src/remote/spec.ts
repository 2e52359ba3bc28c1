/**
 * Where a remote host is and how to log in: `ssh://user@host:port` or an object. Parsing
 * resolves every default once, so the rest of the remote module works on complete settings.
 */
import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { RemoteError } from '../errors.js';
import { describeRemote, Secret } from './redact.js';
import { lookupSshConfig, parseJumpHop, sshConfigPath, untilde, type SshConfigEntry } from './ssh-config.js';

/** How the server's host key is checked: against ~/.ssh/known_hosts, or against a given file. */
export type KnownHostsPolicy = 'strict' | 'accept-new' | 'off' | (string & {});

/** Login details of a remote host (the object form of the `remote` option). */
export interface RemoteOptions {
  host: string;
  /** Default 22. */
  port?: number;
  /** Default: the local user name. */
  username?: string;
  /**
   * Private key file. Default: the ssh config's IdentityFile, else ~/.ssh/id_ed25519, id_ecdsa or
   * id_rsa if present. An encrypted key needs `passphrase` (or the agent is used instead).
   */
  identityFile?: string;
  /** Passphrase of an encrypted identity file. Never logged. */
  passphrase?: string;
  /** Password login (also `ssh://user:password@host`). Never logged; a key or agent is safer. */
  password?: string;
  /** Use an ssh-agent: true for $SSH_AUTH_SOCK, or the agent socket path. Default: true when set. */
  agent?: boolean | string;
  /**
   * 'strict' (default): the host must be in ~/.ssh/known_hosts with this key.
   * 'accept-new': unknown hosts are added there; a changed key is still refused.
   * 'off': no check. Anything else is a known_hosts file path, checked strictly.
   */
  knownHosts?: KnownHostsPolicy;
  /** Give up connecting after this many milliseconds (default 20000). */
  connectTimeoutMs?: number;
  /** Hosts to hop through, `[user@]host[:port]` comma-separated (OpenSSH's ProxyJump). Default: the ssh config's. */
  proxyJump?: string;
  /**
   * OpenSSH client config that `host` is looked up in (Host, HostName, User, Port, IdentityFile,
   * ProxyJump, UserKnownHostsFile). Default: $HPCQ_SSH_CONFIG, else ~/.ssh/config; false: none.
   */
  sshConfig?: string | false;
}

/** The `remote` option: a URL such as `ssh://user@login.example.org:2222`, or an object. */
export type RemoteSpec = string | RemoteOptions;

/** A remote host with every default filled in. */
export interface ResolvedRemote {
  host: string;
  port: number;
  username: string;
  identityFile: string | undefined;
  /** Prints as [redacted]; only the connection reveals it. */
  password: Secret | undefined;
  passphrase: Secret | undefined;
  /** The host to tunnel through (ProxyJump), itself resolved; undefined to connect directly. */
  jump: ResolvedRemote | undefined;
  agent: string | undefined;
  knownHostsFile: string | undefined;
  /** 'strict' checks knownHostsFile; 'accept-new' may append to it; 'off' checks nothing. */
  knownHostsMode: 'strict' | 'accept-new' | 'off';
  connectTimeoutMs: number;
  /** How the remote is named in messages: user@host:port (never a credential). */
  key: string;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * Parse `ssh://[user[:password]@]host[:port]` (IPv6 as `[::1]`) into the object form. The user
 * part runs to the last `@`, so a password may hold a raw `@`; `%XX` escapes are decoded.
 */
export function parseRemoteUrl(url: string): RemoteOptions {
  const m = /^ssh:\/\/(?:(.*)@)?(\[[^\]\s]+\]|[^:/@\s]+)(?::(\d+))?\/?$/s.exec(url.trim());
  if (!m) {
    throw new RemoteError(`Invalid remote "${describeRemote(url)}": expected ssh://user@host:port (user and port optional)`);
  }
  const host = m[2]!.replace(/^\[(.*)\]$/, '$1');
  const out: RemoteOptions = { host };
  if (m[1]) {
    const colon = m[1].indexOf(':');
    const user = colon < 0 ? m[1] : m[1].slice(0, colon);
    if (user) out.username = decode(user, url);
    if (colon >= 0) out.password = decode(m[1].slice(colon + 1), url);
  }
  if (m[3]) out.port = Number(m[3]);
  return out;
}

function decode(part: string, url: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new RemoteError(`Invalid remote "${describeRemote(url)}": a bad %-escape in the user or password`);
  }
}

function pickIdentity(explicit: string | undefined, fromConfig: string[]): string | undefined {
  if (explicit) {
    const path = untilde(explicit);
    if (!existsSync(path)) throw new RemoteError(`Identity file ${explicit} does not exist`);
    return path;
  }
  // As OpenSSH does, IdentityFile lines naming missing files are skipped.
  return [...fromConfig, ...DEFAULT_KEYS.map((k) => join(homedir(), '.ssh', k))].find((p) => existsSync(p));
}

function resolveKnownHosts(policy: KnownHostsPolicy | undefined): Pick<ResolvedRemote, 'knownHostsFile' | 'knownHostsMode'> {
  const userFile = join(homedir(), '.ssh', 'known_hosts');
  if (policy === undefined || policy === 'strict') return { knownHostsFile: userFile, knownHostsMode: 'strict' };
  if (policy === 'accept-new') return { knownHostsFile: userFile, knownHostsMode: 'accept-new' };
  if (policy === 'off') return { knownHostsFile: undefined, knownHostsMode: 'off' };
  return { knownHostsFile: untilde(policy), knownHostsMode: 'strict' };
}

/** Longest ProxyJump chain followed (a longer one is most likely a loop in the ssh config). */
const MAX_HOPS = 5;

/** Resolve a RemoteSpec (URL or object, host possibly an ssh config alias) into complete connection settings. */
export function parseRemoteSpec(spec: RemoteSpec): ResolvedRemote {
  return resolveRemote(typeof spec === 'string' ? parseRemoteUrl(spec) : spec, 0);
}

function resolveRemote(opts: RemoteOptions, depth: number, jumpOverride?: ResolvedRemote): ResolvedRemote {
  if (!opts || typeof opts.host !== 'string' || !opts.host) {
    throw new RemoteError('Invalid remote: a host name is required');
  }
  const configPath = sshConfigPath(opts.sshConfig);
  const cfg: SshConfigEntry = configPath ? lookupSshConfig(configPath, opts.host, opts.username) : { identityFiles: [] };
  const host = cfg.hostName ?? opts.host;
  const port = opts.port ?? cfg.port ?? 22;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RemoteError(`Invalid remote port ${String(opts.port)} for ${opts.host}: expected 1-65535`);
  }
  const username = opts.username ?? cfg.user ?? process.env.USER ?? userInfo().username;
  const agentSock = process.env.SSH_AUTH_SOCK;
  const agent = typeof opts.agent === 'string' ? opts.agent : opts.agent === false ? undefined : agentSock || undefined;
  const jumpSpec = opts.proxyJump ?? cfg.proxyJump;
  return {
    host,
    port,
    username,
    identityFile: pickIdentity(opts.identityFile, cfg.identityFiles),
    password: opts.password ? new Secret(opts.password) : undefined,
    passphrase: opts.passphrase ? new Secret(opts.passphrase) : undefined,
    agent,
    ...resolveKnownHosts(opts.knownHosts ?? cfg.knownHostsFile),
    connectTimeoutMs: opts.connectTimeoutMs ?? 20_000,
    jump: jumpOverride ?? (jumpSpec ? resolveJumps(jumpSpec, opts, depth) : undefined),
    key: `${username}@${host}:${port}`,
  };
}

/** A ProxyJump list `a,b`: connect to a, through it to b, through b to the target. */
function resolveJumps(list: string, target: RemoteOptions, depth: number): ResolvedRemote {
  const hops = list.split(',').map((h) => h.trim()).filter(Boolean);
  if (depth + hops.length > MAX_HOPS) {
    throw new RemoteError(`ProxyJump for ${target.host} needs more than ${MAX_HOPS} hops; is there a loop in the ssh config?`);
  }
  // Hops are looked up in the same ssh config, with the target's agent and timeout (not its key or password).
  const shared = { ...(target.sshConfig !== undefined ? { sshConfig: target.sshConfig } : {}), ...(target.agent !== undefined ? { agent: target.agent } : {}), ...(target.connectTimeoutMs ? { connectTimeoutMs: target.connectTimeoutMs } : {}) };
  let previous: ResolvedRemote | undefined;
  for (const hop of hops) previous = resolveRemote({ ...parseJumpHop(hop), ...shared }, depth + 1, previous);
  return previous!;
}

/** How the host appears in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}
