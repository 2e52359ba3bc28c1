/**
 * One SSH connection to one host, opened on first use and reopened after it drops. Commands
 * share it through exec channels (bounded, since sshd allows 10 sessions per connection by
 * default) and file operations share one SFTP session.
 */
import type { Socket } from 'node:net';
// Types only: ssh2 itself is loaded when the first connection opens, so `import 'hpcq'` never loads it.
import type { Client, ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import { RemoteError } from '../errors.js';
import { createLogger } from '../util/log.js';
import { loadIdentity } from './identity.js';
import { addKnownHost, checkHostKey, fingerprint, keyType, knownKeyTypes, readKnownHosts } from './known-hosts.js';
import type { ResolvedRemote } from './spec.js';
import { Limiter } from '../util/limiter.js';
import { channelError, connectError, hostKeyError, StaleConnection } from './remote-errors.js';

const log = createLogger('remote');

/** What ssh2 and the socket say when the connection went away under a request. */
const DROPPED = /No response from server|closed|ECONNRESET|EPIPE|not connected|Connection lost/i;

/** Host key algorithms to ask for, per key type found in known_hosts. */
const ALGORITHMS_FOR: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/** A lazily opened, self-healing SSH connection (exec + SFTP) to one remote host. */
export class SshConnection {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private sftpSession: Promise<SFTPWrapper> | undefined;
  // One channel stays free for the SFTP session under sshd's default MaxSessions of 10.
  private readonly limiter = new Limiter(8);
  /** The connection to the ProxyJump host this one tunnels through. */
  private readonly jump: SshConnection | undefined;
  /** Set by the connection tunnelled through this one while it is busy. */
  private held = false;

  constructor(readonly remote: ResolvedRemote) {
    this.jump = remote.jump ? new SshConnection(remote.jump) : undefined;
  }

  /** The open client, connecting (or reconnecting) first if needed. */
  connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<Client> {
    const r = this.remote;
    if (!r.identityFile && !r.agent && !r.password) {
      throw new RemoteError(`Cannot log in to ${r.key}: no identity file (~/.ssh/id_*), no ssh-agent (SSH_AUTH_SOCK) and no password`);
    }
    const known = r.knownHostsFile && r.knownHostsMode !== 'off' ? await readKnownHosts(r.knownHostsFile) : '';
    const types = knownKeyTypes(known, r.host, r.port);
    let refusal: RemoteError | undefined;
    let newKey: Buffer | undefined;
    const config: ConnectConfig = {
      host: r.host,
      port: r.port,
      username: r.username,
      readyTimeout: r.connectTimeoutMs,
      ...(await loadIdentity(r)),
      ...(this.jump ? { sock: await this.tunnel() } : {}),
      ...(r.agent ? { agent: r.agent } : {}),
      ...(r.password ? { password: r.password.reveal() } : {}),
      ...(types.length ? { algorithms: { serverHostKey: types.flatMap((t) => ALGORITHMS_FOR[t] ?? [t]) as never } } : {}),
      hostVerifier: (key: Buffer): boolean => {
        if (r.knownHostsMode === 'off') return true;
        const verdict = checkHostKey(known, r.host, r.port, key, r.knownHostsFile);
        if (verdict.status === 'match') return true;
        if (verdict.status === 'unknown' && r.knownHostsMode === 'accept-new') {
          newKey = key;
          return true;
        }
        refusal = hostKeyError(r, key, verdict);
        return false;
      },
    };
    const { Client: SshClient } = await import('ssh2');
    const client = new SshClient();
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('ready', () => resolve());
        client.once('error', (err) => reject(refusal ?? connectError(r, err)));
        try {
          client.connect(config);
        } catch (err) {
          reject(connectError(r, err as Error));
        }
      });
    } catch (err) {
      // Nothing of a failed login is kept: the next call connects afresh.
      client.destroy();
      throw err;
    }
    if (newKey && r.knownHostsFile) {
      await addKnownHost(r.knownHostsFile, r.host, r.port, newKey);
      log.warn(`added ${r.host}:${r.port} (${keyType(newKey)} ${fingerprint(newKey)}) to ${r.knownHostsFile}`);
    }
    client.on('error', (err) => log.debug(`${r.key}: ${err.message}`));
    client.on('close', () => {
      if (this.client !== client) return;
      log.debug(`${r.key}: connection closed`);
      this.client = undefined;
      this.sftpSession = undefined;
    });
    this.client = client;
    this.idle();
    log.debug(`${r.key}: connected`);
    return client;
  }

  /** A channel to the target through the ProxyJump host (`direct-tcpip`, as `ssh -J` opens). */
  private async tunnel(): Promise<ClientChannel> {
    const r = this.remote;
    // The jump host's socket carries the handshake: it holds the event loop until idle() says otherwise.
    this.jump!.hold(true);
    const via = await this.jump!.connect();
    return new Promise<ClientChannel>((resolve, reject) => {
      via.forwardOut('127.0.0.1', 0, r.host, r.port, (err, stream) => {
        if (err) reject(new RemoteError(`Could not reach ${r.key} through ${r.jump!.key}: ${err.message}`, { cause: err }));
        else resolve(stream);
      });
    });
  }

  /**
   * Let the process exit while nothing runs: the socket only holds the event loop when busy. A
   * tunnelled connection has no socket of its own, so it holds its jump host's.
   */
  private idle(): void {
    const busy = this.limiter.busy || this.held;
    const sock = (this.client as unknown as { _sock?: Socket } | undefined)?._sock;
    if (busy) sock?.ref?.();
    else sock?.unref?.();
    this.jump?.hold(busy);
  }

  /** Keep this connection's socket holding the event loop while a tunnel through it is busy. */
  hold(busy: boolean): void {
    this.held = busy;
    this.idle();
  }

  /**
   * Run fn with a connection, marked busy; reconnects once if the connection had gone stale.
   * With `repeatable` (file operations: reads, stats, atomic writes, removes), also once when
   * the connection dropped while fn ran; a command (exec) is never repeated that way, since it
   * may have run already.
   */
  async use<T>(fn: (client: Client) => Promise<T>, opts: { repeatable?: boolean } = {}): Promise<T> {
    await this.limiter.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        const client = await this.connect();
        this.idle();
        try {
          return await fn(client);
        } catch (err) {
          // A request on a connection that died while idle fails at once: reconnect and retry.
          const dropped = opts.repeatable === true && (this.client !== client || DROPPED.test((err as Error).message));
          if (attempt > 0 || !(err instanceof StaleConnection || dropped)) throw err;
          if (this.client === client) {
            this.client = undefined;
            this.sftpSession = undefined;
            client.destroy();
          }
        }
      }
    } finally {
      this.limiter.release();
      this.idle();
    }
  }

  /** The shared SFTP session, opened on first use (on the client `use` handed out). */
  sftp(client: Client): Promise<SFTPWrapper> {
    this.sftpSession ??= new Promise<SFTPWrapper>((resolve, reject) => {
      client.sftp((err, sftp) => {
        if (err) {
          this.sftpSession = undefined;
          return reject(channelError(this.remote, err));
        }
        sftp.on('close', () => (this.sftpSession = undefined));
        resolve(sftp);
      });
    });
    return this.sftpSession;
  }

  /** Close the connection (and its jump host's); the next use opens a new one. */
  async close(): Promise<void> {
    await this.closeOwn();
    await this.jump?.close();
  }

  private async closeOwn(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.sftpSession = undefined;
    if (!client) return;
    // While idle the socket is unref'd; a close awaited with nothing else to do would then leave
    // the event loop empty and Node would end the script (exit 13) before the promise settles.
    // So the socket and the fallback timer hold the loop until the close is done.
    const sock = (client as unknown as { _sock?: Socket })._sock;
    sock?.ref?.();
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      client.once('close', () => resolve());
      timer = setTimeout(() => {
        client.destroy();
        resolve();
      }, 2000);
      client.end();
    });
    clearTimeout(timer);
  }
}
