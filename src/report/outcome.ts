/** How each outcome looks: colour, CSS class and label. One table serves the timeline, the graph and the table. */
import type { Outcome } from './model.js';

interface Look {
  colour: string;
  label: string;
}

/** Colours chosen to stay apart for the common kinds of colour blindness (red vs blue vs grey). */
export const LOOKS: Readonly<Record<Outcome, Look>> = {
  completed: { colour: '#2e7d32', label: 'completed' },
  failed: { colour: '#c62828', label: 'failed' },
  cancelled: { colour: '#6d6d6d', label: 'cancelled' },
  unknown: { colour: '#8d6e63', label: 'unknown' },
  running: { colour: '#1565c0', label: 'running' },
  completing: { colour: '#1565c0', label: 'completing' },
  suspended: { colour: '#f9a825', label: 'suspended' },
  pending: { colour: '#b0bec5', label: 'pending' },
  held: { colour: '#b0bec5', label: 'held' },
  not_started: { colour: '#b0bec5', label: 'not started' },
};

/** The CSS class of an outcome (`outcome-failed`, `outcome-not_started`, ...). */
export function outcomeClass(outcome: Outcome): string {
  return `outcome-${outcome}`;
}

/** CSS rules giving every outcome class its colour. */
export function outcomeCss(): string {
  return Object.entries(LOOKS)
    .map(([o, l]) => `.outcome-${o}{--c:${l.colour}}`)
    .join('\n');
}
