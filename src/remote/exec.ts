/**
 * One remote command over an exec channel, with a timeout that really stops it. sshd only
 * honours signal requests for non-root logins, so the command line first prints its shell's
 * pid (`echo hpcq-pid:$$; ...`); on timeout hpcq kills that process group through a second
 * channel. The marker also separates the command's output from anything login scripts print.
 */
import type { Client, ClientChannel } from 'ssh2';
import { RemoteError } from '../errors.js';
import type { SshConnection } from './connection.js';
import { channelError } from './remote-errors.js';

const MARKER = /(?:^|\n)hpcq-pid:(\d+)\n/;

/**
 * Find the pid marker line in the start of a command's stdout. Whatever precedes it was
 * printed by login scripts, not the command, and is dropped; `rest` is the command's output.
 */
export function takePidMarker(head: string): { pid: string; rest: string } | undefined {
  const m = MARKER.exec(head);
  return m ? { pid: m[1]!, rest: head.slice(m.index + m[0].length) } : undefined;
}

/** What a remote command returned; `code` is null when it died of `signal`. */
export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Options of execCommand. */
export interface ExecOptions {
  /** Text for stdin; stdin is closed either way, so nothing waits on it. */
  input?: string;
  timeoutMs?: number;
}

/** Kill the command: signal request (non-root logins), pid kill via a fresh channel, then close. */
function kill(client: Client, stream: ClientChannel, pid: string | undefined): void {
  // ssh2's public signal() refuses once stdin is closed, so this goes through its protocol object.
  const s = stream as unknown as { outgoing?: { id?: number }; _client?: { _protocol?: { signal?(id: number, sig: string): void } } };
  try {
    if (s.outgoing?.id !== undefined) s._client?._protocol?.signal?.(s.outgoing.id, 'KILL');
  } catch {
    // Not fatal: the pid kill below and closing the channel still end the wait.
  }
  if (pid && /^\d+$/.test(pid)) {
    client.exec(`kill -KILL -- -${pid} 2>/dev/null || kill -KILL ${pid} 2>/dev/null`, (err, k) => {
      if (err) return;
      k.resume();
      k.stderr.resume();
      k.end();
    });
  }
  stream.close();
}

/**
 * Run a command line through the remote login shell on the shared connection. The line is
 * prefixed so that the first stdout line is the shell's pid (stripped from the result).
 */
export function execCommand(conn: SshConnection, command: string, opts: ExecOptions = {}): Promise<ExecResult> {
  // The login shell leads its own process group (sshd calls setsid), so -pid reaches every child.
  const line = `echo hpcq-pid:$$; ${command}`;
  return conn.use(
    (client) =>
      new Promise<ExecResult>((resolve, reject) => {
        client.exec(line, (err, stream) => {
          if (err) return reject(channelError(conn.remote, err));
          const out: Buffer[] = [];
          const errs: Buffer[] = [];
          const result: ExecResult = { code: null, signal: null, stdout: '', stderr: '', timedOut: false };
          let pid: string | undefined;
          let head = '';
          let finish = (): void => undefined;
          const timer = opts.timeoutMs
            ? setTimeout(() => {
                result.timedOut = true;
                kill(client, stream, pid);
                // Should the channel linger anyway, stop waiting for it.
                setTimeout(() => finish(), 2000).unref();
              }, opts.timeoutMs)
            : undefined;
          stream.on('data', (d: Buffer) => {
            if (pid !== undefined) return void out.push(d);
            // latin1 maps bytes one to one, so the rest of the chunk survives unchanged.
            head += d.toString('latin1');
            const found = takePidMarker(head);
            if (found) {
              pid = found.pid;
              if (found.rest) out.push(Buffer.from(found.rest, 'latin1'));
            } else if (head.length > 65536) {
              pid = '';
              out.push(Buffer.from(head, 'latin1'));
            }
          });
          stream.stderr.on('data', (d: Buffer) => errs.push(d));
          stream.on('exit', (code: number | null, signal?: string) => {
            result.code = code ?? null;
            result.signal = signal ?? null;
          });
          finish = () => {
            finish = () => undefined;
            clearTimeout(timer);
            if (pid === undefined && head) out.push(Buffer.from(head, 'latin1'));
            result.stdout = Buffer.concat(out).toString('utf8');
            result.stderr = Buffer.concat(errs).toString('utf8');
            if (result.code === null && result.signal === null && !result.timedOut) {
              // The command may or may not have run: a caller retries only what is safe to repeat.
              reject(new RemoteError(`Connection to ${conn.remote.key} was lost while running: ${command}`, { transient: true }));
            } else resolve(result);
          };
          stream.on('close', () => finish());
          stream.end(opts.input ?? '');
        });
      }),
  );
}
