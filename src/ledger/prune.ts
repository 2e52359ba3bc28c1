/**
 * Keeping the ledger in step with cleaning: once a job's files are deleted its record can no
 * longer be re-attached to (no status file, no outputs), so the record goes too, and an emptied
 * ledger directory is removed so that a cleaned filedir is left as it was found.
 */
import { dirname } from 'node:path';
import type { Host } from '../util/host.js';
import type { LedgerRecord } from './record.js';
import { ledgerDir, listRecords, removeRecord } from './store.js';

/** Remove the ledger directory (and `.hpcq`) of a filedir if they are empty. */
export async function removeEmptyLedger(host: Host, filedir: string): Promise<void> {
  const dir = ledgerDir(filedir);
  // rmdir refuses a directory that still holds anything (records of other jobs, a user's file);
  // it runs through the Host so that a remote filedir is tidied the same way.
  await host.run(['rmdir', '--', dir, dirname(dir)]).catch(() => undefined);
}

async function drop(host: Host, filedir: string, all: LedgerRecord[], stale: LedgerRecord[]): Promise<number> {
  await Promise.all(stale.map((r) => removeRecord(host, r)));
  if (all.length > 0 && stale.length === all.length) await removeEmptyLedger(host, filedir);
  return stale.length;
}

/** Remove the records of the jobs whose submission scripts are `scripts` (`Job.clean`); returns how many went. */
export async function forgetJobs(host: Host, filedir: string, scripts: readonly string[]): Promise<number> {
  const named = new Set(scripts);
  const all = await listRecords(host, filedir);
  return drop(host, filedir, all, all.filter((r) => named.has(r.files.submit)));
}

/** Remove the records of a filedir's jobs whose submission script is gone (after `cleanDir`); returns how many went. */
export async function pruneLedger(host: Host, filedir: string): Promise<number> {
  const all = await listRecords(host, filedir);
  const gone = await Promise.all(all.map(async (r) => (await host.stat(r.files.submit)) === undefined));
  return drop(host, filedir, all, all.filter((_, i) => gone[i]));
}
