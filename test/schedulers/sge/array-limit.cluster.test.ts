// The largest array on the testbed's Grid Engine (max_aj_tasks from `qconf -sconf`, 75000 by
// default): map reads it before writing anything and refuses a chunk that would exceed it.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { map } from '../../../src/api/index.js';
import { describeCluster, testbed } from '../../helpers/cluster.js';
import { useFileTempConfig } from '../../helpers/temp-config.js';

useFileTempConfig('hpcq-sge-array-limit-');

describeCluster('array size limit on the Grid Engine testbed', () => {
  let filedir: string;
  beforeAll(async () => {
    filedir = await mkdtemp(join(tmpdir(), 'hpcq-sge-array-limit-'));
  });
  afterAll(() => rm(filedir, { recursive: true, force: true }));

  it('refuses one task per item beyond max_aj_tasks, naming the chunk that fits', async () => {
    const conf = execFileSync(join(testbed!.sgeBin!, 'qconf'), ['-sconf']).toString();
    const limit = Number(/^max_aj_tasks\s+(\d+)/m.exec(conf)![1]);
    const items = Array.from({ length: limit + 1 }, (_, i) => i);
    await expect(map('true {item}', items, { qtype: 'sge', filedir, time: '5m', chunk: 1 })).rejects.toThrow(
      new RegExp(`exceed Grid Engine's largest array \\(${limit} tasks\\); use chunk: 2`),
    );
    expect(await readdir(filedir)).toEqual([]);
  }, 60_000);
});
