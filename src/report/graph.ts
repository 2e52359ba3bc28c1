/**
 * The dependency graph as inline SVG: jobs in columns by depth (a job sits one column right of
 * its deepest parent), edges from parent to child, drawn solid for afterok, dashed for afterany
 * and dotted for afternotok. Nodes are coloured by outcome like the timeline's bars.
 */
import { esc } from './escape.js';
import type { ReportJob } from './model.js';
import { LOOKS, outcomeClass } from './outcome.js';

const NODE_W = 170;
const NODE_H = 38;
const COL_GAP = 70;
const ROW_GAP = 14;
const PAD = 12;
/** Longest name shown in a node; the full name is in its tooltip. */
const NAME_CHARS = 22;

/** Column of every job: 0 without parents, else one more than its deepest parent (parents come first). */
function depths(jobs: readonly ReportJob[]): number[] {
  const depth: number[] = [];
  for (const job of jobs) depth[job.index] = job.parents.reduce((d, p) => Math.max(d, (depth[p.index] ?? 0) + 1), 0);
  return depth;
}

function shorten(name: string): string {
  return name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name;
}

/** The graph SVG (empty string when no job has a dependency: a list of lone boxes tells nothing). */
export function renderGraph(jobs: readonly ReportJob[]): string {
  if (!jobs.some((j) => j.parents.length > 0)) return '';
  const depth = depths(jobs);
  const rowOf: number[] = [];
  const filled: number[] = [];
  for (const job of jobs) {
    const d = depth[job.index]!;
    rowOf[job.index] = filled[d] ?? 0;
    filled[d] = rowOf[job.index]! + 1;
  }
  const pos = (i: number): { x: number; y: number } => ({ x: PAD + depth[i]! * (NODE_W + COL_GAP), y: PAD + rowOf[i]! * (NODE_H + ROW_GAP) });
  const width = PAD * 2 + filled.length * (NODE_W + COL_GAP) - COL_GAP;
  const height = PAD * 2 + Math.max(...filled) * (NODE_H + ROW_GAP) - ROW_GAP;
  const edges = jobs.flatMap((job) =>
    job.parents.map((p) => {
      const a = pos(p.index);
      const b = pos(job.index);
      const [x1, y1, x2, y2] = [a.x + NODE_W, a.y + NODE_H / 2, b.x - 4, b.y + NODE_H / 2];
      const mid = (x1 + x2) / 2;
      return `<path class="edge kind-${p.kind}" data-from="${p.index}" data-to="${job.index}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" marker-end="url(#arrow)"><title>${esc(`${p.kind}: ${jobs[p.index]!.record.name} → ${job.record.name}`)}</title></path>`;
    }),
  );
  const nodes = jobs.map((job) => {
    const { x, y } = pos(job.index);
    const tip = `${job.record.name} [${job.record.id ?? '-'}]: ${LOOKS[job.outcome].label}${job.exitCode !== null ? `, exit ${job.exitCode}` : ''}`;
    return [
      `<g class="node ${outcomeClass(job.outcome)}" data-job="${job.index}"><title>${esc(tip)}</title>`,
      `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="5"/>`,
      `<text x="${x + 8}" y="${y + 16}">${esc(shorten(job.record.name))}</text>`,
      `<text class="sub" x="${x + 8}" y="${y + 31}">${esc(`${job.record.id ?? '-'} · ${LOOKS[job.outcome].label}`)}</text></g>`,
    ].join('');
  });
  const defs = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>';
  return `<svg class="graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Dependency graph">${defs}${edges.join('')}${nodes.join('')}</svg>`;
}
