/**
 * The submission key: one hash that says "this is the same submission". It covers
 * - the job's scripts as they would be rendered under its base name (not the unique file stem
 *   picked at write time, which differs between a run and its rerun), and a function job's
 *   input payload (the function's source and arguments);
 * - the normalised options, without `reuse` (asking to reuse is not part of what is run) and the
 *   ones already stood for elsewhere (`args` by the input payload, `depends` by the
 *   dependency keys, `remote` by the host's name, `profile` by the options it expanded to);
 * - the host (credentials removed) and the qtype;
 * - the keys of its dependencies, per kind, so a changed parent changes every descendant.
 */
import { createHash } from 'node:crypto';
import { jobFiles } from '../job/files.js';
import { baseJobName } from '../job/naming.js';
import type { JobSpec } from '../job/spec.js';
import { renderJob } from '../job/write.js';
import type { Host } from '../util/host.js';
import type { LedgerDependency } from './record.js';

/** Options left out of the key (see file comment). */
const NOT_HASHED = new Set(['depends', 'remote', 'profile', 'reuse', 'args']);

/** JSON with sorted keys, so the same values always give the same text (BigInts as strings). */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(`${value}n`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** A host name without credentials: `ssh://user:secret@h` and `user:secret@h` keep only the user. */
export function redactHost(name: string): string {
  return name.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?[^:@/]*):[^@/]*@/i, '$1@');
}

/** The scripts of a spec rendered under its base name, so they do not depend on the stem chosen. */
function canonicalScripts(spec: JobSpec, host: Host): string[] {
  const base = baseJobName(spec.task, spec.options.name);
  const files = jobFiles(base, spec.suffix, spec.filedir, spec.qtype, {
    func: typeof spec.task === 'function',
    ...(spec.options.outfile ? { outfile: spec.options.outfile } : {}),
    ...(spec.options.errfile ? { errfile: spec.options.errfile } : {}),
  });
  const name = spec.options.name ?? base;
  return renderJob({ ...spec, stem: base, name, files }, host).map((f) => f.text);
}

/** The submission key of a job spec on a host, given its dependencies' keys (hex SHA-256). */
export function submissionKey(spec: JobSpec, host: Host, depends: readonly LedgerDependency[]): string {
  const options = Object.fromEntries(Object.entries(spec.options).filter(([k]) => !NOT_HASHED.has(k)));
  // Order within a kind is not meaningful to the scheduler; sorting keeps the key stable.
  const deps = depends.map((d) => `${d.kind}:${d.key}`).sort();
  const scripts = spec.external ? [`external:${spec.files.submit}`] : canonicalScripts(spec, host);
  const material = canonicalJson({ v: 1, qtype: spec.qtype, host: redactHost(host.name), scripts, input: spec.input ?? null, options, deps });
  return createHash('sha256').update(material).digest('hex');
}
