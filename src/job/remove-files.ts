/** Deleting a job's (or an array's) files on its host: `Job.clean` and `JobArray.clean`. */
import type { Host } from '../util/host.js';

/** Remove those of `paths` that exist on `host`; returns the paths removed. */
export async function removePresent(host: Host, paths: readonly string[]): Promise<string[]> {
  const present = (await Promise.all(paths.map(async (p) => ((await host.stat(p)) ? p : undefined)))).filter((p): p is string => !!p);
  await Promise.all(present.map((p) => host.remove(p)));
  return present;
}
