// The options table and everything derived from it: validation, directives, help.
export { OPTION_TABLE, CONTROL_KEYS } from './table.js';
export type { OptionSpec, OptionType, OptionScope } from './spec.js';
export type { JobOptions, ControlOptions, CheckedOptions, DependsValue, DependencyRef, OptionName, ValueOf } from './types.js';
export { checkOptions, findOption } from './normalize.js';
export { checkMaxQueueLen } from './control.js';
export { renderDirectives } from './render.js';
export { quoteDirectiveValue } from '../schedulers/directive-quote.js';
export { torqueJobName } from '../schedulers/torque/directives.js';
export { optionHelp, optionHelpEntries } from './help.js';
export type { OptionHelpEntry } from './help.js';
export { optionsMarkdown } from './markdown.js';
export { parseMemory, parseDuration, parseArraySpec, formatSlurmTime, formatHms } from './units.js';
