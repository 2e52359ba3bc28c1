/** What Grid Engine's client commands say, as the command runner and the resolver need it. */
import type { MessagePatterns } from '../backend.js';

/** A qmaster that is down, restarting or busy: a retry may help. */
const TRANSIENT = [
  /commlib error/i,
  /unable to (?:send message to|contact|receive message from) qmaster/i,
  /failed receiving gdi request/i,
  /can't (?:connect to|find) (?:service|qmaster)/i,
  /qmaster (?:is|was) (?:not|currently) (?:alive|available|reachable)/i,
  /Connection refused/i,
  /timed out after \d+ ms/i,
];

/** Grid Engine's message patterns. */
export const sgeMessages: MessagePatterns = {
  transient: TRANSIENT,
  // qdel: `denied: job "N" does not exist`; qstat -j: `Following jobs do not exist`; qacct: `error: job id N not found`.
  noSuchJob: /does not exist|do not exist|job id \S+ not found/i,
  // -hold_jid never refuses or drops a dependent, so no message says a dependency cannot hold:
  // the dependency guard decides instead. This pattern matches nothing.
  neverSatisfiable: /(?!)/,
};
