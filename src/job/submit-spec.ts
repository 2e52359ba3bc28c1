/**
 * Handing a written job to its scheduler (the body of `Job.submit`): its dependencies are
 * looked up and planned, a dependency that can never hold stops the submission, a queue limit
 * is waited out, and the scheduler call is recorded in the ledger.
 */
import { normalizeDepends, planDepends } from '../core/dependencies.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import type { Qtype } from '../types.js';
import type { Host } from '../util/host.js';
import { createLogger } from '../util/log.js';
import { recordSubmission } from '../ledger/submit-hook.js';
import { unknownDependencyIds, viewDependency } from './dependency-watch.js';
import { lookupDependencies } from './depends-lookup.js';
import { guardedIds } from './guard-plan.js';
import type { JobSpec } from './spec.js';
import { workDir } from './write.js';

const log = createLogger('job');

/** What was submitted: the scheduler's id, or nothing since a dependency can never hold. */
export type SubmitOutcome = { id: string } | { never: true };

/** Submit `spec` for `job` (the Job object, which its dependents and the ledger know it by). */
export async function submitSpec(
  job: { readonly name: string; readonly qtype: Qtype },
  spec: JobSpec,
  host: Host,
  scheduler: Scheduler,
  maxQueueLen: number | undefined,
): Promise<SubmitOutcome> {
  const deps = normalizeDepends(spec.options.depends);
  const looked = await lookupDependencies(scheduler, unknownDependencyIds(deps, scheduler), { host, filedir: spec.filedir });
  const plan = planDepends(deps, (ref) => {
    const view = viewDependency(ref, job, scheduler);
    const state = view.id ? looked.get(view.id) : undefined;
    return state && !view.state ? { ...view, state } : view;
  });
  if (plan.never) {
    log.info(`job ${job.name} not submitted: dependency ${plan.blocker} ended ${plan.state} (${plan.kind} can never hold)`);
    return { never: true };
  }
  if (maxQueueLen !== undefined) await scheduler.waitForRoom(maxQueueLen);
  const { files, options } = spec;
  // Ledger hook (src/ledger): records the submission around the scheduler call.
  const id = await recordSubmission({ job, spec, host, depends: deps }, () =>
    scheduler.submit({
      name: job.name,
      script: files.submit,
      ...(files.out ? { outfile: files.out } : {}),
      ...(files.err ? { errfile: files.err } : {}),
      ...(files.status ? { statusFile: files.status } : {}),
      cwd: workDir(spec, host),
      // A guarded back-end releases the job after any end; the script's guard checks the rest.
      depends: scheduler.dependencies === 'guarded' ? guardedIds(plan.ids, options.depends) : plan.ids,
      resources: { ...(options.cores !== undefined ? { cores: options.cores } : {}), ...(options.time !== undefined ? { time: options.time } : {}), env: options.env ?? {} },
    }),
  );
  return { id };
}
