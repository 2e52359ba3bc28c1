/**
 * Reading finished jobs' files is bounded: a graph that ends at once (its last job waited on)
 * settles every job together, and each reads up to four files; at most OUTPUT_READS jobs read
 * at a time, so the files held open stay far below the process's limit whatever the graph's size.
 */
import { describe, expect, it } from 'vitest';
import { OUTPUT_READS, readOutputs } from '../../src/job/result.js';
import type { JobFiles } from '../../src/job/files.js';
import type { Host } from '../../src/util/host.js';

describe('readOutputs', () => {
  it('reads the files of at most OUTPUT_READS jobs at once, and every job gets its own files', async () => {
    let open = 0;
    let peak = 0;
    const host = {
      async readFile(path: string): Promise<string> {
        open++;
        peak = Math.max(peak, open);
        await new Promise((r) => setTimeout(r, 5));
        open--;
        return path.endsWith('.status') ? 'exit=0\nend=1\n' : `text of ${path}`;
      },
    } as unknown as Host;
    const files = (i: number): JobFiles => ({ out: `/j/${i}.out`, err: `/j/${i}.err`, status: `/j/${i}.status` }) as JobFiles;
    const all = await Promise.all(Array.from({ length: 200 }, (_, i) => readOutputs(host, files(i))));
    // Four files per job at most: the bound keeps well inside the usual 1,024 open files.
    expect(OUTPUT_READS * 4).toBeLessThanOrEqual(256);
    expect(peak).toBeLessThanOrEqual(OUTPUT_READS * 3);
    expect(peak).toBeGreaterThan(3); // jobs are still read side by side, not one by one
    expect(all[137]).toMatchObject({ stdout: 'text of /j/137.out', stderr: 'text of /j/137.err', status: { exitCode: 0, finished: true } });
  });
});
