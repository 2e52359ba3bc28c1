/**
 * Host key checking against an OpenSSH known_hosts file: plain and hashed (`|1|salt|hash`)
 * host patterns, `[host]:port`, wildcards, negation and `@revoked`. A changed key is always
 * refused: that is the one check that stops a man in the middle.
 */
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { knownHostsName } from './spec.js';

/** What checking a server's key against known_hosts found. */
export type HostKeyVerdict =
  | { status: 'match' }
  | { status: 'unknown' }
  | { status: 'mismatch'; expected: string[]; where: string }
  | { status: 'revoked'; where: string };

/** OpenSSH-style fingerprint of a public key blob: `SHA256:base64` without padding. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (e.g. `ssh-ed25519`). */
export function keyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function patternMatches(pattern: string, names: string[]): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return names.some((n) => createHmac('sha1', Buffer.from(salt, 'base64')).update(n).digest('base64') === hash);
  }
  const re = globToRegExp(pattern);
  return names.some((n) => re.test(n));
}

/** Whether a comma-separated host field names this host (a matching `!pattern` vetoes). */
function hostFieldMatches(field: string, names: string[]): boolean {
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (patternMatches(pattern.slice(1), names)) return false;
    } else if (patternMatches(pattern, names)) {
      matched = true;
    }
  }
  return matched;
}

interface Entry {
  marker: string;
  type: string;
  key: string;
  line: number;
}

/** The known_hosts entries whose host field names host:port. */
function entriesFor(text: string, host: string, port: number): Entry[] {
  // OpenSSH looks up the bare name for port 22 only, `[host]:port` otherwise.
  const names = [knownHostsName(host, port)];
  const out: Entry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]!.startsWith('@') ? fields.shift()! : '';
    const [hosts, type, key] = fields;
    if (!hosts || !type || !key || marker === '@cert-authority') continue;
    if (hostFieldMatches(hosts, names)) out.push({ marker, type, key, line: i + 1 });
  }
  return out;
}

/** Key types known_hosts holds for host:port, so the client can ask the server for those first. */
export function knownKeyTypes(text: string, host: string, port: number): string[] {
  return [...new Set(entriesFor(text, host, port).filter((e) => !e.marker).map((e) => e.type))];
}

/** Check a server key blob for host:port against known_hosts text. */
export function checkHostKey(text: string, host: string, port: number, keyBlob: Buffer, source = 'known_hosts'): HostKeyVerdict {
  const offered = keyBlob.toString('base64');
  const offeredType = keyType(keyBlob);
  const expected: string[] = [];
  let where = '';
  for (const e of entriesFor(text, host, port)) {
    if (e.marker === '@revoked') {
      if (e.key === offered) return { status: 'revoked', where: `${source}:${e.line}` };
      continue;
    }
    if (e.key === offered && e.type === offeredType) return { status: 'match' };
    expected.push(`${e.type} ${fingerprint(Buffer.from(e.key, 'base64'))}`);
    where ||= `${source}:${e.line}`;
  }
  return expected.length ? { status: 'mismatch', expected, where } : { status: 'unknown' };
}

/** Read a known_hosts file ('' when it does not exist). */
export async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Append a host's key to known_hosts (the 'accept-new' policy), creating the file if needed. */
export async function addKnownHost(file: string, host: string, port: number, keyBlob: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const line = `${knownHostsName(host, port)} ${keyType(keyBlob)} ${keyBlob.toString('base64')}\n`;
  const text = await readKnownHosts(file);
  await appendFile(file, text && !text.endsWith('\n') ? `\n${line}` : line, { mode: 0o600 });
}
