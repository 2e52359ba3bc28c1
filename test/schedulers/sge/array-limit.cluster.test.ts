// The largest array on the testbed's Grid Engine (max_aj_tasks from `qconf -sconf`, 75000 by
// default) is what map reads to pick its chunk and, past it, to split into several arrays (the
// split itself runs in test/behaviour/arrays.test.ts with a lowered limit, on every back-end).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { schedulerFor } from '../../../src/queue/index.js';
import { hostFor } from '../../../src/util/host-for.js';
import { describeCluster, testbed } from '../../helpers/cluster.js';
import { useFileTempConfig } from '../../helpers/temp-config.js';

useFileTempConfig('hpcq-sge-array-limit-');

describeCluster('array size limit on the Grid Engine testbed', () => {
  it("reads max_aj_tasks from the site's qconf -sconf as the largest array", async () => {
    const conf = execFileSync(join(testbed!.sgeBin!, 'qconf'), ['-sconf']).toString();
    const limit = Number(/^max_aj_tasks\s+(\d+)/m.exec(conf)![1]);
    expect(limit).toBeGreaterThan(0);
    expect(await schedulerFor('sge', await hostFor(undefined)).arrayLimit!()).toBe(limit);
  }, 60_000);
});
