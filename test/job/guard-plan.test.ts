/** Which dependencies a guarded back-end's job script checks, and how they are submitted. */
import { describe, expect, it } from 'vitest';
import { guardedIds, guardFor } from '../../src/job/guard-plan.js';

const job = (id: string) => ({ id, name: `j${id}`, files: { status: `/w/j${id}.status` } });
// What JobArray.dependencyRefs gives for a submitted array: one ref with every task's status file.
const array = (id: string, tasks: number) => ({
  dependencyRefs: () => [{ id, name: `a${id}`, statusFiles: Array.from({ length: tasks }, (_, t) => `/w/a${id}.${t}.status`) }],
});

describe('guardFor', () => {
  it("checks a Job's status file and every task's of an array", () => {
    expect(guardFor([job('1'), array('7', 3)])).toEqual({
      afterok: ['/w/j1.status', '/w/a7.0.status', '/w/a7.1.status', '/w/a7.2.status'],
      afternotok: [],
    });
  });

  it("leaves an array's afternotok and bare ids to the scheduler", () => {
    expect(guardFor({ afternotok: [array('7', 2), '9'], afterok: ['8'] })).toEqual({ afterok: [], afternotok: [] });
    expect(guardFor({ afternotok: job('2') })).toEqual({ afterok: [], afternotok: ['/w/j2.status'] });
  });
});

describe('guardedIds', () => {
  it('submits guarded dependencies as afterany and keeps the others', () => {
    const depends = { afterok: [job('1'), array('7', 2), '8'], afternotok: [array('5', 2)] };
    expect(guardedIds({ afterok: ['1', '7', '8'], afternotok: ['5'] }, depends)).toEqual({ afterok: ['8'], afterany: ['1', '7'], afternotok: ['5'] });
  });
});
