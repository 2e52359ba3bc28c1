/**
 * The report page: one self-contained HTML document (inline CSS and SVG, no script, no external
 * resource). Its Content-Security-Policy forbids every fetch, so opening it never touches the
 * network even if a user string slipped through escaping.
 */
import { esc } from './escape.js';
import { renderGraph } from './graph.js';
import type { Outcome, ReportJob } from './model.js';
import { LOOKS, outcomeClass, outcomeCss } from './outcome.js';
import { renderTable } from './table.js';
import { renderTimeline } from './timeline.js';

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
.meta,.summary{color:#555;margin:2px 0}.summary .count{margin-right:14px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;background:var(--c);margin-right:5px;vertical-align:baseline}
svg text{font:12px system-ui,sans-serif;fill:#222}
.timeline .label{text-anchor:end}.timeline .id{fill:#777}.timeline .axis{fill:#777;text-anchor:middle;font-size:11px}
.timeline .tick{stroke:#e5e5e5}.bar .ran{fill:var(--c)}.bar .queued{fill:var(--c);opacity:.3}.bar .exit{fill:#555;font-size:11px}
.outcome-failed .exit,.outcome-failed .state{color:#c62828;fill:#c62828;font-weight:600}
.graph .node rect{fill:var(--c);fill-opacity:.15;stroke:var(--c);stroke-width:2}.graph .node .sub{fill:#555;font-size:11px}
.graph .edge{fill:none;stroke:#888;stroke-width:1.5}.graph .kind-afterany{stroke-dasharray:6 4}.graph .kind-afternotok{stroke-dasharray:2 3}
.graph marker path{fill:#888}
table.jobs{border-collapse:collapse;font-size:13px}table.jobs th,table.jobs td{border-bottom:1px solid #e5e5e5;padding:4px 8px;text-align:left;white-space:nowrap}
table.jobs tr.outcome-failed td{background:#fdecea}.missing{color:#aaa}.size{color:#888;font-size:11px}
.empty{color:#777}
`;

/** What the page is about, for its header. */
export interface PageInfo {
  filedir: string;
  /** Where the page will be written: output links are relative to its directory. */
  reportDir: string;
  generated: Date;
}

function summary(jobs: readonly ReportJob[]): string {
  const counts = new Map<Outcome, number>();
  for (const j of jobs) counts.set(j.outcome, (counts.get(j.outcome) ?? 0) + 1);
  const parts = [...counts].map(([o, n]) => `<span class="count ${outcomeClass(o)}"><span class="swatch"></span>${esc(n)} ${esc(LOOKS[o].label)}</span>`);
  return `<p class="summary"><span class="count total">${esc(jobs.length)} jobs</span>${parts.join('')}</p>`;
}

/** The whole HTML page for these jobs. */
export function renderPage(jobs: readonly ReportJob[], info: PageInfo): string {
  const graph = renderGraph(jobs);
  const body = jobs.length === 0
    ? `<p class="empty">No submissions are recorded in ${esc(info.filedir)} (the ledger is in .hpcq/ledger).</p>`
    : [
        summary(jobs),
        '<h2>Timeline</h2>', renderTimeline(jobs, info.generated),
        graph ? `<h2>Dependencies</h2>${graph}` : '',
        '<h2>Jobs</h2>', renderTable(jobs, info.reportDir),
      ].join('\n');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>hpcq report: ${esc(info.filedir)}</title>`,
    `<style>${CSS}${outcomeCss()}</style></head><body>`,
    `<h1>hpcq run report</h1><p class="meta">${esc(info.filedir)} · generated ${esc(info.generated.toISOString())}</p>`,
    body,
    '</body></html>',
    '',
  ].join('\n');
}
