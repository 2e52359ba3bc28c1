/**
 * Running a written job on this machine through the LocalRunner: the local script (same
 * wrapper and status file as on a cluster) runs as `bash <script>`, stdout/stderr going to the
 * job's files. Function jobs run their generated runner the same way, so the files a job
 * leaves are identical in every mode.
 */
import type { DependencyIds } from '../schedulers/backend.js';
import { getDefaultRunner } from '../local-runner/index.js';
import type { JobSpec } from './spec.js';

/** Queue the job in the process's LocalRunner; returns the runner's id. */
export function submitLocal(spec: JobSpec, depends: DependencyIds, cwd: string): string {
  const { options, files } = spec;
  return getDefaultRunner().add(
    { argv: ['bash', files.submit] },
    {
      name: spec.name,
      ...(options.cores !== undefined ? { cores: options.cores } : {}),
      ...(options.time !== undefined ? { time: options.time } : {}),
      depends: {
        afterok: depends.afterok ?? [],
        afterany: depends.afterany ?? [],
        afternotok: depends.afternotok ?? [],
      },
      cwd,
      env: options.env ?? {},
      ...(files.out ? { stdout: files.out } : {}),
      ...(files.err ? { stderr: files.err } : {}),
    },
  );
}
