/** The report's job table: outcome, reason, exit code, signal, node, times and links to each job's output. */
import { esc, relativeHref } from './escape.js';
import type { ReportFile, ReportJob } from './model.js';
import { LOOKS, outcomeClass } from './outcome.js';

/** `12.3 s`, `4 min 05 s`, `2 h 03 min`; '' when unknown. */
export function duration(from: Date | undefined, to: Date | undefined): string {
  if (!from || !to) return '';
  const s = Math.max(0, (to.getTime() - from.getTime()) / 1000);
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

function link(reportDir: string, file: ReportFile | undefined, label: string): string {
  if (!file) return '<span class="missing">—</span>';
  return `<a class="output" href="${relativeHref(reportDir, file.path)}">${esc(label)}</a> <span class="size">${esc(file.size)} B</span>`;
}

function row(job: ReportJob, reportDir: string): string {
  const look = LOOKS[job.outcome];
  const deps = job.record.depends.map((d) => `${d.kind}:${d.id ?? '?'}`).join(', ');
  const cells = [
    esc(job.index + 1),
    `<span class="name">${esc(job.record.name)}</span>`,
    esc(job.record.id ?? ''),
    `<span class="state"><span class="swatch"></span>${esc(look.label)}</span>`,
    esc([job.reason, job.error].filter(Boolean).join(': ')),
    esc(job.exitCode ?? ''),
    esc(job.signal ?? ''),
    esc(job.node ?? ''),
    esc(job.submitTime.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
    esc(duration(job.submitTime, job.startTime)),
    esc(duration(job.startTime, job.endTime)),
    esc(deps),
    link(reportDir, job.out, 'stdout'),
    link(reportDir, job.err, 'stderr'),
  ];
  return `<tr class="job-row ${outcomeClass(job.outcome)}" data-job="${job.index}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

const HEAD = ['#', 'job', 'id', 'outcome', 'reason', 'exit', 'signal', 'node', 'submitted', 'queued', 'ran', 'depends on', 'stdout', 'stderr'];

/** The table of jobs; output links are relative to `reportDir` (where the page is written). */
export function renderTable(jobs: readonly ReportJob[], reportDir: string): string {
  const head = `<tr>${HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  return `<table class="jobs"><thead>${head}</thead><tbody>${jobs.map((j) => row(j, reportDir)).join('')}</tbody></table>`;
}
