/**
 * Keeping the ledger in step with cleaning: once a job's files are deleted its record can no
 * longer be re-attached to (no status file, no outputs), so the record goes too, and an emptied
 * ledger directory is removed so that a cleaned filedir is left as it was found.
 */
import { dirname } from 'node:path';
import type { Host } from '../util/host.js';
import { ledgerDir, listRecords, removeRecord } from './store.js';

/** Remove the ledger directory (and `.hpcq`) of a filedir if they are empty. */
export async function removeEmptyLedger(host: Host, filedir: string): Promise<void> {
  const dir = ledgerDir(filedir);
  // rmdir refuses a directory that still holds anything (records of other jobs, a user's file);
  // it runs through the Host so that a remote filedir is tidied the same way.
  await host.run(['rmdir', '--', dir, dirname(dir)]).catch(() => undefined);
}

/**
 * Remove the records of a filedir's jobs whose submission script is gone (deleted by
 * `cleanDir` or `Job.clean`), or is one of `scripts`; returns how many records went.
 */
export async function pruneLedger(host: Host, filedir: string, scripts: readonly string[] = []): Promise<number> {
  const named = new Set(scripts);
  const records = await listRecords(host, filedir);
  const gone = await Promise.all(records.map(async (r) => named.has(r.files.submit) || (await host.stat(r.files.submit)) === undefined));
  const stale = records.filter((_, i) => gone[i]);
  await Promise.all(stale.map((r) => removeRecord(host, r)));
  if (records.length > 0 && stale.length === records.length) await removeEmptyLedger(host, filedir);
  return stale.length;
}
