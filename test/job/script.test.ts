import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobSpec } from '../../src/job/spec.js';
import { renderJob } from '../../src/job/write.js';
import { parseStatusFile } from '../../src/core/status-file.js';
import { jobFiles } from '../../src/job/files.js';
import { renderScripts } from '../../src/job/script.js';
import type { Host } from '../../src/util/host.js';
import { LOCAL_LAYOUT } from '../../src/schedulers/registry.js';
import { expectGolden, mayUpdateGolden } from '../helpers/golden.js';

const GOLDEN = join(import.meta.dirname, 'golden');
// Only `remote` is read by the renderer; the rest is never called.
const fakeHost = { name: 'localhost', remote: false } as Host;
let configDir: string;
let oldConfig: string | undefined;

beforeAll(() => {
  configDir = mkdtempSync(join(tmpdir(), 'hpcq-golden-'));
  oldConfig = process.env.HPCQ_CONFIG;
  process.env.HPCQ_CONFIG = join(configDir, 'config.ini');
  writeFileSync(process.env.HPCQ_CONFIG, '[prof_default]\nnodes = 1\n');
});
afterAll(() => {
  if (oldConfig === undefined) delete process.env.HPCQ_CONFIG;
  else process.env.HPCQ_CONFIG = oldConfig;
  rmSync(configDir, { recursive: true, force: true, maxRetries: 5 });
});

function golden(name: string, text: string): void {
  expectGolden(join(GOLDEN, name), text);
}

const common = {
  filedir: '/srv/hpcq-golden',
  dir: '/home/user/my project',
  cores: 2,
  mem: '1GB',
  time: '10m',
  modules: ['python/3.11', 'gcc'],
  setup: ['source ~/env.sh'],
  env: { OMP_NUM_THREADS: '2' },
  name: "it's a $(test) job",
};

describe('the golden-file helper', () => {
  it('refuses a missing golden instead of writing it, and never writes under CI', () => {
    const path = join(configDir, 'missing.golden');
    expect(() => expectGolden(path, 'text', {})).toThrow(/missing/);
    expect(existsSync(path)).toBe(false);
    expect(mayUpdateGolden({ HPCQ_UPDATE_GOLDEN: '1', CI: 'true' })).toBe(false);
    expect(() => expectGolden(path, 'text', { HPCQ_UPDATE_GOLDEN: '1', CI: 'true' })).toThrow(/missing/);
    expect(mayUpdateGolden({ HPCQ_UPDATE_GOLDEN: '1' })).toBe(true);
  });
});

describe('job scripts (golden files)', () => {
  for (const qtype of ['slurm', 'torque', 'local'] as const) {
    it(`renders the ${qtype} command scripts`, () => {
      const filedir = `/srv/hpcq-golden/${qtype}`;
      const spec = createJobSpec('python analyse.py --in "data 1.csv"', { ...common, filedir, qtype, ...(qtype === 'slurm' ? { partition: 'debug' } : {}) });
      expect(basename(spec.files.submit)).toBe(`it_s_a_test_job.cluster${{ slurm: '.sbatch', torque: '.qsub', local: '' }[qtype]}`);
      for (const file of renderJob(spec, fakeHost)) golden(`${qtype}-command.${file.path.endsWith('.cluster') ? 'local' : file.path.split('.').pop()}`, file.text);
    });
  }

  it('renders a function job for slurm (runner command with nodePath)', () => {
    const spec = createJobSpec(function square(x: number) { return x * x; }, { qtype: 'slurm', filedir: '/srv/hpcq-golden', dir: '/tmp', args: [3], nodePath: '/opt/node 20/bin/node' });
    const script = renderJob(spec, fakeHost).find((f) => f.path.endsWith('.script'))!;
    golden('slurm-function.script', script.text);
    expect(spec.files.funcRunner).toBe('/srv/hpcq-golden/square_func.cluster.mjs');
  });
});

describe('the status wrapper', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hpcq-wrapper-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  function runLocal(command: string, stem: string): { code: number; status: ReturnType<typeof parseStatusFile> } {
    const files = jobFiles(stem, 'cluster', dir, 'local');
    const [script] = renderScripts({ layout: LOCAL_LAYOUT, files, directives: [], command, dir, env: { GREETING: "it's \"quoted\" $HOME" } });
    writeFileSync(script!.path, script!.text);
    let code = 0;
    try {
      execFileSync('bash', [script!.path], { stdio: 'pipe' });
    } catch (err) {
      code = (err as { status: number }).status;
    }
    return { code, status: parseStatusFile(readFileSync(files.status, 'utf8')) };
  }

  it('records success, failure and the exported environment', () => {
    const ok = runLocal(`test "$GREETING" = 'it'"'"'s "quoted" $HOME'`, 'ok');
    expect(ok.code).toBe(0);
    expect(ok.status).toMatchObject({ exitCode: 0, signal: null, finished: true });
    const bad = runLocal('exit 7', 'bad');
    expect(bad.code).toBe(7);
    expect(bad.status).toMatchObject({ exitCode: 7, finished: true });
  });

  it('records a signal sent to the job and stops the command', async () => {
    const files = jobFiles('sig', 'cluster', dir, 'local');
    const [script] = renderScripts({ layout: LOCAL_LAYOUT, files, directives: [], command: 'sleep 30', dir });
    writeFileSync(script!.path, script!.text);
    const { spawn } = await import('node:child_process');
    const child = spawn('bash', [script!.path], { stdio: 'ignore' });
    // Wait for the wrapper to start the command before signalling it.
    while (!existsSync(files.status)) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(143);
    expect(parseStatusFile(readFileSync(files.status, 'utf8'))).toMatchObject({ exitCode: 143, signal: 15, finished: true });
  });

  it('takes a relative dir from the caller\'s directory, once (the scheduler and the wrapper both change to it)', () => {
    const spec = createJobSpec('pwd', { qtype: 'slurm', filedir: dir, dir: 'sub dir/x' });
    expect(spec.options.dir).toBe(join(process.cwd(), 'sub dir/x'));
    expect(renderJob(spec, fakeHost).map((f) => f.text).join('\n')).not.toMatch(/cd 'sub dir\/x'/);
  });
});
