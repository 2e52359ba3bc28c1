/**
 * The timeline: one row per job, as inline SVG. Each job is one bar (`<g class="bar">`): a pale
 * part while it was queued (submitted, not yet started) and a solid part while it ran, coloured by
 * outcome. Status files hold whole seconds, so a start is never drawn before its submission.
 */
import { esc } from './escape.js';
import type { ReportJob } from './model.js';
import { LOOKS, outcomeClass } from './outcome.js';

const LABEL_W = 230;
const PLOT_W = 680;
const ROW_H = 26;
const TOP = 28;
/** Bars of jobs shorter than a pixel are still drawn, this wide. */
const MIN_W = 3;
/** Tick steps in seconds, from 1 s to 1 day. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

/** Tick label for an offset in seconds: `+45s`, `+12m30s`, `+3h05m`. */
export function offsetLabel(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `+${s}s`;
  if (s < 3600) return `+${Math.floor(s / 60)}m${s % 60 ? `${String(s % 60).padStart(2, '0')}s` : ''}`;
  return `+${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

interface Span {
  queued: [number, number];
  ran?: [number, number];
}

/** When each part of a job's bar begins and ends (ms); `now` closes what is still open. */
function span(job: ReportJob, now: number): Span {
  const submit = job.submitTime.getTime();
  if (!job.startTime) {
    const open = job.outcome === 'not_started';
    return { queued: [submit, open ? Math.max(submit, now) : submit] };
  }
  const start = Math.max(submit, job.startTime.getTime());
  const end = Math.max(start, job.endTime?.getTime() ?? now);
  return { queued: [submit, start], ran: [start, end] };
}

/** The timeline SVG for the jobs (empty string when there are none). */
export function renderTimeline(jobs: readonly ReportJob[], now: Date): string {
  if (jobs.length === 0) return '';
  const spans = jobs.map((j) => span(j, now.getTime()));
  const t0 = Math.min(...spans.map((s) => s.queued[0]));
  const t1 = Math.max(t0 + 1000, ...spans.map((s) => s.ran?.[1] ?? s.queued[1]));
  const scale = PLOT_W / (t1 - t0);
  const x = (t: number): number => LABEL_W + (t - t0) * scale;
  const width = LABEL_W + PLOT_W + 60;
  const height = TOP + jobs.length * ROW_H + 8;
  const step = STEPS.find((s) => ((t1 - t0) / 1000) / s <= 10) ?? 86400;
  const ticks: string[] = [];
  for (let s = 0; s * 1000 <= t1 - t0; s += step) {
    const tx = x(t0 + s * 1000).toFixed(1);
    ticks.push(`<line class="tick" x1="${tx}" x2="${tx}" y1="${TOP - 6}" y2="${height}"/><text class="axis" x="${tx}" y="${TOP - 10}">${offsetLabel(s)}</text>`);
  }
  const rows = jobs.map((job, i) => {
    const y = TOP + i * ROW_H;
    const sp = spans[i]!;
    const rect = (cls: string, [a, b]: [number, number]): string =>
      `<rect class="${cls}" x="${x(a).toFixed(1)}" y="${y + 5}" width="${Math.max(MIN_W, (b - a) * scale).toFixed(1)}" height="${ROW_H - 10}" rx="2"/>`;
    const end = x(sp.ran?.[1] ?? sp.queued[1]) + MIN_W + 6;
    const exit = job.exitCode !== null ? `exit ${job.exitCode}` : LOOKS[job.outcome].label;
    const tip = `${job.record.name} [${job.record.id ?? '-'}]: ${LOOKS[job.outcome].label}${job.reason ? ` (${job.reason})` : ''}`;
    return [
      `<g class="bar ${outcomeClass(job.outcome)}" data-job="${job.index}" data-outcome="${esc(job.outcome)}">`,
      `<title>${esc(tip)}</title>`,
      `<text class="label" x="${LABEL_W - 8}" y="${y + ROW_H / 2 + 4}">${esc(job.record.name)} <tspan class="id">${esc(job.record.id ?? '')}</tspan></text>`,
      rect('queued', sp.queued),
      sp.ran ? rect('ran', sp.ran) : '',
      `<text class="exit" x="${end.toFixed(1)}" y="${y + ROW_H / 2 + 4}">${esc(exit)}</text>`,
      '</g>',
    ].join('');
  });
  return `<svg class="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Timeline of ${jobs.length} jobs">${ticks.join('')}${rows.join('')}</svg>`;
}
