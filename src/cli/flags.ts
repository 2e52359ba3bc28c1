/** Flags shared by several commands, and their checks. */
import { parseRemoteUrl, type RemoteOptions } from '../remote/spec.js';
import { BACKENDS } from '../schedulers/registry.js';
import { QTYPES, type Qtype } from '../types.js';
import { UsageError, type FlagTable, type ParsedLine } from './parse.js';

/** `--qtype` and `--remote`: every command that talks to a scheduler takes them. */
export const SCHEDULER_FLAGS: FlagTable = {
  qtype: { type: 'string', short: 'q', value: QTYPES.join('|'), help: `Scheduler to use (default: detected: ${BACKENDS.map((b) => b.title).join(', then ')}, else local).` },
  remote: { type: 'string', value: 'URL', help: 'Run scheduler commands on this host over SSH (ssh://user@host:port or ssh://alias).' },
  'identity-file': { type: 'string', value: 'FILE', help: 'Private key for --remote (default: ~/.ssh/id_ed25519, id_ecdsa or id_rsa, or the agent).' },
  'known-hosts': { type: 'string', value: 'POLICY', help: "Host-key check for --remote: strict (default), accept-new, off, or a known_hosts file." },
};

/** `-h, --help` for every command. */
export const HELP_FLAG: FlagTable = {
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
};

/** The --qtype value, refused unless it names a known scheduler (the list comes from QTYPES). */
export function qtypeFlag(line: ParsedLine): Qtype | undefined {
  const value = line.values.qtype;
  if (value === undefined) return undefined;
  if (!(QTYPES as readonly unknown[]).includes(value)) {
    throw new UsageError(`unknown --qtype '${String(value)}': use one of ${QTYPES.join(', ')}`);
  }
  return value as Qtype;
}

/** A string flag's value, or undefined. */
export function stringFlag(line: ParsedLine, name: string): string | undefined {
  const value = line.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Where scheduler commands go: `qtype` and `remote`, only the ones given. */
export interface SchedulerTarget {
  qtype?: Qtype;
  remote?: string | RemoteOptions;
}

/** The --remote URL, with --identity-file and --known-hosts folded into its object form. */
function remoteFlag(line: ParsedLine): string | RemoteOptions | undefined {
  const url = stringFlag(line, 'remote');
  const identityFile = stringFlag(line, 'identity-file');
  const knownHosts = stringFlag(line, 'known-hosts');
  if (!url) {
    if (identityFile || knownHosts) throw new UsageError(`--${identityFile ? 'identity-file' : 'known-hosts'} needs --remote`);
    return undefined;
  }
  if (!identityFile && !knownHosts) return url;
  return { ...parseRemoteUrl(url), ...(identityFile ? { identityFile } : {}), ...(knownHosts ? { knownHosts } : {}) };
}

/** `{ qtype, remote }` from the scheduler flags, only the ones given. */
export function schedulerTarget(line: ParsedLine): SchedulerTarget {
  const qtype = qtypeFlag(line);
  const remote = remoteFlag(line);
  return { ...(qtype ? { qtype } : {}), ...(remote ? { remote } : {}) };
}
