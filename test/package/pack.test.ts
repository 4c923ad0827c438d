/**
 * The package a user installs: `npm pack` (test/support/pack.ts), `npm install -g` into a temporary
 * prefix, and the installed `amlnet` run from a folder that is not the repository, on the example it
 * carries and on files a user gives (a template, a Terraform plan) copied out of the repository.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO, runCli } from '../support/e2e';
import { startNpmRegistry, withoutNpmSettings, type NpmRegistry } from '../support/npm-registry';
import { npm, npmAvailable, packTarball } from '../support/pack';
if (!npmAvailable) process.stderr.write('test/package/pack.test.ts: skipped, npm is not on PATH (the packed-tarball test needs it)\n');
const suite = npmAvailable ? describe : describe.skip;

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
const EXAMPLE = path.join('examples', 'contoso-ml-platform.snapshot.json');

suite('the packed package, installed globally', () => {
  let work: string;
  let tarball: string;
  let installed: string;
  const amlnet = (args: string[]) =>
    spawnSync(path.join(work, 'prefix', 'bin', 'amlnet'), args, {
      cwd: path.join(work, 'elsewhere'),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  let registry: NpmRegistry;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'amlnet-pack-'));
    fs.mkdirSync(path.join(work, 'elsewhere'));
    tarball = packTarball(work);
    // The dependencies come from a registry on 127.0.0.1 serving this checkout's node_modules:
    // no traffic off this machine, whatever npm's cache holds. Asynchronous, so that it can answer.
    registry = await startNpmRegistry(REPO);
    await promisify(execFile)(npm, ['install', '-g', '--prefix', path.join(work, 'prefix'), tarball, '--loglevel=error'], {
      cwd: path.join(work, 'elsewhere'),
      encoding: 'utf8',
      env: { ...withoutNpmSettings(process.env), ...registry.npmEnv(work) },
    });
    installed = path.join(work, 'prefix', 'lib', 'node_modules', pkg.name);
  }, 300_000);

  afterAll(async () => {
    await registry?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('holds the compiled code, the licence and the example, and none of the sources, tests or CI scripts', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    for (const f of [
      'package.json',
      'LICENSE',
      'README.md',
      'bin/amlnet.js',
      'dist/cli/main.js',
      'dist/rules/index.js',
      EXAMPLE.split(path.sep).join('/'),
      'docs/rules/AMLNET004.md',
    ])
      expect(listing).toContain(f);
    expect(listing.filter((f) => /^(src|test|\.ci|scripts|node_modules|dist\/bench)\//.test(f))).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(fs.readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('prints its version', () => {
    const r = amlnet(['--version']);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('lists the same catalogue as the repository', async () => {
    const r = amlnet(['rules']);
    const here = await runCli(['rules']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^AMLNET\d{3} /.test(l))).toHaveLength(35);
    expect(r.stdout).toBe(here.stdout);
  });

  // The files a user gives, copied out of the repository: nothing in the installed package may reach for its src/ or test/.
  it.each([
    [
      'a template',
      ['examples/pr/vision-dev.json'],
      (f: string[]) => ['--template', f[0], '--deployment-scope', '/subscriptions/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/resourceGroups/rg-vision-dev'],
    ],
    ['a Terraform plan', ['test/fixtures/terraform/ml-private-vnet/tfplan.json'], (f: string[]) => ['--terraform-plan', f[0]]],
  ])('audits %s from another folder exactly as the repository does', async (_name, files, flags) => {
    const copies = files.map((f) => {
      const to = path.join(work, 'elsewhere', path.basename(f));
      fs.copyFileSync(path.join(REPO, f), to);
      return to;
    });
    const r = amlnet(['audit', ...flags(copies.map((c) => path.basename(c))), '--format', 'json']);
    const here = await runCli(['audit', ...flags(files.map((f) => path.join(REPO, f))), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(here.code);
    const mine = JSON.parse(r.stdout);
    const theirs = JSON.parse(here.stdout);
    // A message may name the file as it was given (a path here, a bare name there).
    const what = (j: { findings: Array<{ ruleId: string; severity: string; resourceId: string; message: string }> }, given: string[]) =>
      j.findings.map((f) => [f.ruleId, f.severity, f.resourceId, given.reduce((m, g) => m.split(g).join('<file>'), f.message)]);
    expect(
      what(
        mine,
        copies.map((c) => path.basename(c)),
      ),
    ).toEqual(
      what(
        theirs,
        files.map((f) => path.join(REPO, f)),
      ),
    );
    expect(mine.findings.length).toBeGreaterThan(0);
  });

  it('audits the bundled example snapshot exactly as the repository does', async () => {
    const r = amlnet(['audit', '--snapshot', path.join(installed, EXAMPLE), '--format', 'json']);
    const here = await runCli(['audit', '--snapshot', path.join(REPO, EXAMPLE), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1); // the example tenant has high findings
    const mine = JSON.parse(r.stdout);
    const theirs = JSON.parse(here.stdout);
    // Only where the snapshot was read from differs.
    delete mine.source;
    delete theirs.source;
    expect(mine).toEqual(theirs);
    expect(mine.findings.length).toBeGreaterThan(30);
  });
});
