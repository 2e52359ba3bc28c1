/** The run report: one self-contained HTML page for the jobs recorded in a filedir's ledger. */
import { dirname, resolve } from 'node:path';
import { hostFor } from '../util/host-for.js';
import { collectReport, type KnownJob } from './model.js';
import { renderPage } from './page.js';

export { collectReport, type ReportJob, type Outcome, type KnownJob } from './model.js';

/** Options of renderReport. */
export interface ReportOptions {
  /** The filedir whose jobs are shown (default: the working directory). */
  dir?: string;
  /** Where the page will be written; output links are made relative to it (default: `<dir>/report.html`). */
  out?: string;
  /** Read the filedir on a remote host (the page's links then only resolve where the files are). */
  remote?: unknown;
  /** The time the page treats as now, for jobs still queued or running (default: now). */
  now?: Date;
  /** Jobs the caller holds (e.g. this workflow's Job objects): their state and reason (timeout, out_of_memory, ...) win over the files'. */
  jobs?: readonly KnownJob[];
}

/** The HTML of the run report for a filedir (see src/report/page.ts); nothing is written. */
export async function renderReport(opts: ReportOptions = {}): Promise<string> {
  const filedir = resolve(opts.dir ?? '.');
  const out = resolve(opts.out ?? resolve(filedir, 'report.html'));
  const host = await hostFor(opts.remote);
  const jobs = await collectReport(host, filedir, opts.jobs);
  return renderPage(jobs, { filedir, reportDir: dirname(out), generated: opts.now ?? new Date() });
}
