/**
 * Which scheduler command failures are worth retrying: the controller or server was busy
 * or unreachable for a moment, as opposed to a refused request.
 */

/** Slurm client messages of a controller that is down, busy or unreachable. */
const SLURM_TRANSIENT = [
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
];

/** Torque/PBS client messages of a server that is down or busy. */
const PBS_TRANSIENT = [
  /cannot connect to (specified )?server/i,
  /Unable to communicate with/i,
  /End of File/i,
  /Connection refused/i,
  /Resource temporarily unavailable/i,
  /timed out after \d+ ms/i,
  /pbs_iff: .*error/i,
];

/** True when a Slurm command's stderr says a retry could help. */
export function isSlurmTransient(stderr: string): boolean {
  return SLURM_TRANSIENT.some((re) => re.test(stderr));
}

/** True when a Torque/PBS command's stderr says a retry could help. */
export function isPbsTransient(stderr: string): boolean {
  return PBS_TRANSIENT.some((re) => re.test(stderr));
}
