/**
 * A fake Host for unit tests: `run` answers from recorded scheduler outputs instead of running
 * anything, and records every call with the (fake) time it was made. Tests use it with vitest's
 * fake timers to check the poller, resolver, backoff and failure threshold in milliseconds. The
 * real commands are tested against the testbed (the *.cluster tests); this never replaces them.
 */
import { userInfo } from 'node:os';
import type { Host, RunOptions, RunResult } from '../../src/util/host.js';

/** One recorded answer: exit code, stdout and stderr. */
export interface Answer {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

/** Decides the answer to a command (argv[0] and the rest); undefined means "command not found". */
export type Responder = (argv: string[], call: number) => Answer | undefined;

/** A call the fake host received. */
export interface FakeCall {
  argv: string[];
  at: number;
  opts: RunOptions;
}

/** A Host that answers `responders[argv[0]]` (its n-th call counted per command). */
export function createFakeHost(responders: Record<string, Responder>, name = 'fake-host'): Host & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const counts = new Map<string, number>();
  return {
    name,
    remote: false,
    calls,
    async run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
      calls.push({ argv, at: Date.now(), opts });
      const cmd = argv[0]!.split('/').pop()!;
      const n = (counts.get(cmd) ?? 0) + 1;
      counts.set(cmd, n);
      const answer = responders[cmd]?.(argv, n);
      if (!answer) return { command: argv, exitCode: 127, stdout: '', stderr: `${cmd}: command not found` };
      return { command: argv, exitCode: answer.exitCode ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
    },
    writeFile: async () => {},
    readFile: async () => undefined,
    // No files on a fake host: following an output reads nothing.
    readFrom: async () => undefined,
    stat: async () => undefined,
    remove: async () => {},
    list: async () => [],
    which: async (command) => command in responders,
    close: async () => {},
  };
}

/** squeue output in hpcq's format for `rows` of [id, state, reason], jobs of this process's user. */
export function squeueText(rows: Array<[string, string, string?]>): string {
  const head = 'JOBID|NAME|USER|PARTITION|STATE|REASON|NODELIST|NODES|CPUS|SUBMIT_TIME|START_TIME|END_TIME';
  const user = userInfo().username;
  return [head, ...rows.map(([id, state, reason]) => `${id}|job|${user}|debug|${state}|${reason ?? 'None'}||1|1|2026-12-01T10:00:00|N/A|N/A`)].join('\n') + '\n';
}

/** sacct --parsable2 output for `rows` of [id, state, exit]. */
export function sacctText(rows: Array<[string, string, string]>): string {
  const head = 'JobID|JobName|User|Partition|State|ExitCode|Reason|NodeList|NNodes|AllocCPUS|Submit|Start|End';
  const user = userInfo().username;
  return [head, ...rows.map(([id, state, exit]) => `${id}|job|${user}|debug|${state}|${exit}|None|vm|1|1|2026-12-01T10:00:00|2026-12-01T10:00:01|2026-12-01T10:00:02`)].join('\n') + '\n';
}
