/**
 * Packaging: a copy of the checkout without dist/ (what `npm install git+…` clones) is packed
 * with `npm pack`, whose `prepare` script must build dist/; the tarball is installed into a
 * fresh project from the npm registry (its cache first), and that project imports 'hpcq', runs
 * a local job, type-checks against the shipped types and runs both binaries (`hpcq --version`,
 * `hpcq options`, `clean_job_files -h`).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const VERSION = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let tmp: string;
let project: string;
let tarball: string;
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, maxBuffer: 64 << 20, env: { ...process.env, npm_config_update_notifier: 'false' } });

/** The checkout as git would clone it: tracked and new files, nothing ignored (so no dist/). */
async function copyCheckout(to: string): Promise<void> {
  const { stdout } = await run('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, maxBuffer: 64 << 20 });
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (file === 'node_modules') continue;
    await mkdir(dirname(join(to, file)), { recursive: true });
    await cp(join(ROOT, file), join(to, file)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err; // a file deleted but not yet committed
    });
  }
  // The build needs the dev dependencies; npm would install them before running prepare.
  await symlink(await realpath(join(ROOT, 'node_modules')), join(to, 'node_modules'));
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hpcq-pack-'));
  const checkout = join(tmp, 'checkout');
  await copyCheckout(checkout);
  const packed = await npm(['pack', '--json', '--pack-destination', tmp], checkout);
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string }>;
  tarball = join(tmp, info[0]!.filename);
  project = join(tmp, 'project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'uses-hpcq', version: '1.0.0', type: 'module', private: true }));
  // Install scripts are skipped: hpcq has none, and ssh2's optional native speed-up is not needed here.
  await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], project);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true, maxRetries: 5 });
});

describe('npm pack and install', () => {
  it('packs the built dist/ (prepare ran) and no sources or tests', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.split('\n').filter(Boolean);
    for (const f of ['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/cli/main.js', 'package/dist/cli/clean-job-files.js']) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
  });

  it("lets a project import 'hpcq' and run a local job", async () => {
    const script = `import { submit, OptionError } from 'hpcq';
      const job = await submit('printf packaged', { qtype: 'local', filedir: ${JSON.stringify(project)} });
      const { stdout } = await job.get();
      let refused = false;
      try { await submit('true', { cors: 2 }); } catch (err) { refused = err instanceof OptionError; }
      console.log(JSON.stringify({ stdout, refused }));
      process.exit(0);`;
    const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: project, env: { ...process.env, HPCQ_CONFIG: join(project, 'config.ini') } });
    expect(JSON.parse(stdout)).toEqual({ stdout: 'packaged', refused: true });
  });

  it('ships exact types: a misspelled option is a compile error in the project', async () => {
    // A Node project has @types/node; the checkout's copy stands in for the project's own.
    const typeRoots = [join(ROOT, 'node_modules', '@types')];
    const compilerOptions = { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots };
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['use.ts'] }));
    await writeFile(join(project, 'use.ts'), "import { submit } from 'hpcq';\nawait submit('true', { cores: 2, time: '1h' });\nawait submit('true', { cors: 2 });\n");
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    const result = await run(tsc, ['-p', project], { cwd: project }).then(() => '', (err: { stdout: string }) => err.stdout);
    // Exactly one error, on line 3: the misspelling, and nothing about missing types.
    expect(result.trim().split('\n')).toEqual([expect.stringMatching(/^use\.ts\(3,\d+\): error TS\d+: .*'cors' does not exist/)]);
  });

  it('installs both binaries', async () => {
    const options = await run('npx', ['--no-install', 'hpcq', 'options', '--format', 'json'], { cwd: project });
    expect((JSON.parse(options.stdout) as Array<{ name: string }>).map((o) => o.name)).toContain('cores');
    const clean = await run('npx', ['--no-install', 'clean_job_files', '-h'], { cwd: project });
    expect(clean.stdout).toMatch(/Usage: clean_job_files/);
    const version = await run('npx', ['--no-install', 'hpcq', '--version'], { cwd: project });
    expect(version.stdout.trim()).toBe(VERSION);
    const pkg = JSON.parse(await readFile(join(project, 'node_modules', 'hpcq', 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(VERSION);
  });
});
