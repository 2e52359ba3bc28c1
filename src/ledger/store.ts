/**
 * Where ledger records live and how they are read and written.
 *
 * Layout: `<filedir>/.hpcq/ledger/<time>-<key>-<pid>-<nonce>.json`, one file per submission.
 * One file per record (rather than one appended log) means a writer never rewrites another
 * writer's data: two processes submitting into the same filedir write different files, each
 * atomically (the Host writes a temp file and renames it), so a reader sees a whole record or
 * none. The name sorts by time and carries the key, so a lookup by key needs no parse of the
 * other records. A record moves from `submitting` to `submitted` by being rewritten under the
 * same name.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Qtype } from '../types.js';
import type { Host } from '../util/host.js';
import { FILE_MODE } from '../util/atomic-write.js';
import { createLogger } from '../util/log.js';
import { parseRecord, renderRecord, type LedgerRecord } from './record.js';

const log = createLogger('ledger');
/** The ledger's directory inside a filedir; hidden so that listings of job files stay clean. */
export const LEDGER_DIR = join('.hpcq', 'ledger');
/** Characters of the key kept in a record's file name (the full key is inside). */
const NAME_KEY_CHARS = 16;

/** The ledger directory of a filedir. */
export function ledgerDir(filedir: string): string {
  return join(resolve(filedir), LEDGER_DIR);
}

/** A fresh, unique record file name for a submission started at `when` with `key`. */
export function recordFileName(key: string, when: Date): string {
  const stamp = when.toISOString().replace(/[-:]/g, '').replace(/\.(\d+)Z$/, '$1Z');
  return `${stamp}-${key.slice(0, NAME_KEY_CHARS)}-${process.pid}-${randomBytes(4).toString('hex')}.json`;
}

/** Write (or rewrite) a record atomically. */
export async function writeRecord(host: Host, record: LedgerRecord): Promise<void> {
  await host.writeFile(join(ledgerDir(record.filedir), record.file), renderRecord(record), { mode: FILE_MODE });
}

/** Remove a record (a submission the scheduler refused leaves no trace). */
export async function removeRecord(host: Host, record: LedgerRecord): Promise<void> {
  await host.remove(join(ledgerDir(record.filedir), record.file));
}

/** The record files of a ledger, oldest first (temp files of writers in progress excluded). */
async function recordFiles(host: Host, filedir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await host.list(ledgerDir(filedir));
  } catch (err) {
    // Not a directory, unreadable: no record can be read from it, which is what a reader must cope with.
    log.debug(`cannot list the ledger of ${filedir}: ${(err as Error).message}`);
    return [];
  }
  return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
}

async function readOne(host: Host, dir: string, file: string): Promise<LedgerRecord | undefined> {
  let text: string | undefined;
  try {
    text = await host.readFile(join(dir, file));
  } catch (err) {
    log.debug(`skipping ledger record ${file}: ${(err as Error).message}`);
    return undefined;
  }
  // Removed between listing and reading (a refused submission): not an error.
  if (text === undefined) return undefined;
  const parsed = parseRecord(text, file);
  if (typeof parsed === 'string') {
    log.debug(`skipping ledger record ${join(dir, file)}: ${parsed}`);
    return undefined;
  }
  return parsed;
}

/** Every readable record of a filedir's ledger, oldest first; corrupt ones are skipped (logged at debug). */
export async function listRecords(host: Host, filedir: string, opts: { key?: string } = {}): Promise<LedgerRecord[]> {
  const dir = ledgerDir(filedir);
  let files = await recordFiles(host, filedir);
  if (opts.key !== undefined) {
    const part = `-${opts.key.slice(0, NAME_KEY_CHARS)}-`;
    files = files.filter((f) => f.includes(part));
  }
  const records = await Promise.all(files.map((f) => readOne(host, dir, f)));
  return records.filter((r): r is LedgerRecord => r !== undefined && (opts.key === undefined || r.key === opts.key));
}

/** The records of submissions with this key, oldest first (several when a job was resubmitted). */
export function findByKey(host: Host, filedir: string, key: string): Promise<LedgerRecord[]> {
  return listRecords(host, filedir, { key });
}

/** The latest record of the submission that got scheduler id `id` (optionally of one qtype). */
export async function findById(host: Host, filedir: string, id: string, qtype?: Qtype): Promise<LedgerRecord | undefined> {
  const all = await listRecords(host, filedir);
  return all.reverse().find((r) => r.id === id && (qtype === undefined || r.qtype === qtype));
}
