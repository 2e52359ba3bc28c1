// The Grid Engine back-end and its parsers. This file only re-exports.
export { sgeBackend } from './backend.js';
export { sgeDirectives, sgeJobName, SGE_PE } from './directives.js';
export { parseQacct } from './qacct.js';
export { isSgeQstatOutput, isSgeQstatXml, parseSgeQstat } from './qstat.js';
export { parseSgeSubmitOutput } from './submit.js';
export { normalizeQacct, normalizeSgeState } from './states.js';
