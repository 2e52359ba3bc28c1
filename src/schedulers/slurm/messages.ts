/** What Slurm's client commands say, as the command runner and the resolver need it. */
import type { MessagePatterns } from '../backend.js';

/** Client messages of a controller that is down, busy or unreachable: a retry may help. */
const TRANSIENT = [
  /Socket timed out/i,
  /Unable to contact slurm controller/i,
  /Resource temporarily unavailable/i,
  /Connection refused/i,
  /Connection reset/i,
  /Zero Bytes were transmitted or received/i,
  /slurm_receive_msg/i,
  /Slurm backup controller in standby mode/i,
  /Transport endpoint is not connected/i,
  /Communication connection failure/i,
  /timed out after \d+ ms/i,
  /slurmctld.*not responding|not responding.*slurmctld/i,
  // slurmdbd down: sbatch and sacct report the database connection.
  /slurmdbd.*(down|not responding|Connection refused)|Problem talking to the database|Unable to connect to database/i,
];

/**
 * Refusals that stay refusals: the request itself is wrong or over a limit. See
 * /work/shared/fixtures/slurm/*-sbatch-*-stderr.txt for the recorded wording.
 */
const PERMANENT = [
  /invalid partition/i,
  /invalid account|account\/partition combination|invalid (user|wckey)/i,
  /invalid qos|accounting\/QOS policy|QOSMax\w*Limit|AssocMax\w*Limit/i,
  /Requested node configuration is not available/i,
  /More processors requested than permitted|Node count specification invalid|Invalid node name/i,
  /invalid (generic resource|gres|feature|job array specification|dependency|time limit|directive)/i,
  /Access\/permission denied|not permitted to use this partition/i,
];

/** Slurm's message patterns. */
export const slurmMessages: MessagePatterns = {
  transient: TRANSIENT,
  permanent: PERMANENT,
  // squeue/scontrol/scancel on a job that left the controller's memory.
  noSuchJob: /Invalid job id specified|already completed|Job has already finished/i,
  // squeue's pending reason for a dependency that failed the way it must not.
  neverSatisfiable: /DependencyNeverSatisfied/i,
  noHistory: /accounting storage is disabled|Problem talking to the database|slurmdbd|Connection refused|not found|No such file/i,
};

/** `Submitted batch job N`, `... on cluster X`, `--parsable`'s `N` or `N;cluster`. */
export function slurmSubmitId(lines: string[]): string | undefined {
  for (const line of lines) {
    const m = /Submitted batch job (\d+)/.exec(line);
    if (m) return m[1];
  }
  for (const line of lines) {
    const m = /^(\d+)(?:;\S*)?$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}
