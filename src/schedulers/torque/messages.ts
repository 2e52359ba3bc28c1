/** What Torque's (and PBS's) client commands say, as the command runner and the resolver need it. */
import type { MessagePatterns } from '../backend.js';

/** Client messages of a server that is down or busy: a retry may help. */
const TRANSIENT = [
  /cannot connect to (specified )?server/i,
  /Unable to communicate with/i,
  /End of File/i,
  /Connection refused/i,
  /Resource temporarily unavailable/i,
  /timed out after \d+ ms/i,
  /pbs_iff: .*error/i,
];

/** Refusals that stay refusals: an unknown queue, a resource request over the limits, a user not allowed. */
const PERMANENT = [
  /Unknown queue|Unknown queue destination/i,
  /Illegal attribute or resource value|Unknown resource/i,
  /exceeds? (queue|server) resource limits|would exceed/i,
  /Bad UID|Unauthorized Request|not authorized/i,
];

/** Torque's message patterns. */
export const torqueMessages: MessagePatterns = {
  transient: TRANSIENT,
  permanent: PERMANENT,
  // qstat/qdel on a job the server purged; the qdel of Slurm's wrapper says "Invalid job id".
  noSuchJob: /Unknown Job Id|Invalid job id|already completed|completed job/i,
  // The server's comment on a job deleted for a dependency that cannot hold.
  neverSatisfiable: /dependenc[a-z]* .*can ?never be satisfied|dependency .*not satisfied/i,
};

/** qsub prints `N.server`, an array `N[].server`, or a bare `N`. */
export function pbsSubmitId(lines: string[]): string | undefined {
  return lines.find((line) => /^\d+(\[\d*\])?(\.\S+)?$/.test(line));
}
