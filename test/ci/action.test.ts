/**
 * action.yml run the way a runner runs it (composite-runner.ts): the `package` input points at the
 * tarball `npm pack` makes of this checkout, npm installs it and its production dependencies from a
 * registry on 127.0.0.1 (test/support/npm-registry.ts: no traffic off this machine, and a dev
 * dependency is not there to be found), setup-node is skipped (the tests run on this machine's
 * Node), and the audit runs on the demo's snapshot, on a pull request's template laid over it, and
 * live against the fake Resource Manager with the stand-in `az` that azure/login would leave.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliEnvFor } from '../../src/fakearm/env';
import { startFakeArm, type FakeArm } from '../../src/fakearm/server';
import { demoTenant, DEMO_FAULTS, DEMO_SUBSCRIPTION } from '../../src/fixtures/demo';
import { REPO, runCli, testCert } from '../support/e2e';
import { startNpmRegistry, withoutNpmSettings, type NpmRegistry } from '../support/npm-registry';
import { npm, npmAvailable, packTarball } from '../support/pack';
import { runCompositeAction, type ActionResult } from './composite-runner';

if (!npmAvailable) process.stderr.write('test/ci/action.test.ts: skipped, npm is not on PATH (the action installs amlnet with it)\n');
const suite = npmAvailable ? describe : describe.skip;

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
const S = `/subscriptions/${DEMO_SUBSCRIPTION}`;
const RG = `${S}/resourceGroups/rg-vision-dev`;
const GPU = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-vision-dev/computes/gpu-eastus`;
const PE = `${RG}/providers/Microsoft.Network/privateEndpoints/pe-ws-vision-dev`;

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

suite('action.yml, run as a runner runs it', () => {
  let work: string;
  let workspace: string;
  let runnerTemp: string;
  let registry: NpmRegistry;
  let fake: FakeArm;
  let env: NodeJS.ProcessEnv;
  let tarball: string;

  /** One job: every run shares the workspace and RUNNER_TEMP, as steps of one job do. */
  const action = (inputs: Record<string, string>) =>
    runCompositeAction(REPO, {
      inputs,
      workspace,
      runnerTemp,
      env,
      skipUses: (uses, step) => uses.startsWith('actions/setup-node@') && String(step.with?.['node-version']) === '24',
    });
  const inWs = (f: string) => path.join(workspace, f);
  const stepOf = (r: ActionResult, id: string) => r.steps.find((s) => s.id === id)!;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'amlnet-action-'));
    workspace = path.join(work, 'workspace');
    runnerTemp = path.join(work, 'runner-temp');
    for (const d of [workspace, runnerTemp, path.join(workspace, 'infra'), path.join(workspace, 'scans'), path.join(workspace, 'pkg')])
      fs.mkdirSync(d, { recursive: true });
    tarball = packTarball(path.join(workspace, 'pkg'));
    // The demo as the bundled example scan has it (with the list its Resource Manager refuses: a gap),
    // and a scan of the same tenant with nothing left unread, the base a pull request is checked on.
    fs.copyFileSync(path.join(REPO, 'examples', 'contoso-ml-platform.snapshot.json'), inWs('scans/example.json'));
    fs.writeFileSync(
      inWs('scans/network.json'),
      JSON.stringify({
        schemaVersion: 1,
        cloud: 'AzureCloud',
        scope: { subscriptions: [DEMO_SUBSCRIPTION] },
        resources: demoTenant().resources,
        gaps: [],
      }),
    );
    fs.copyFileSync(path.join(REPO, 'examples', 'pr', 'vision-dev.json'), inWs('infra/vision-dev.json'));
    fs.writeFileSync(
      inWs('infra/westeurope.parameters.json'),
      JSON.stringify({ contentVersion: '1.0.0.0', parameters: { clusterLocation: { value: 'westeurope' } } }),
    );
    registry = await startNpmRegistry(REPO);
    const { cert, key, certPath } = testCert();
    fake = await startFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS, cert, key, pageSize: 50 });
    env = { ...withoutNpmSettings(cliEnvFor(fake, certPath, { AMLNET_RETRY_DELAY_MS: '20' })), ...registry.npmEnv(work) };
  }, 120_000);

  afterAll(async () => {
    await registry?.close();
    await fake?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('installs the tarball with only its production dependencies, then audits the demo snapshot: exit 1, SARIF, the summary, the findings', async () => {
    const r = await action({ package: 'pkg/' + path.basename(tarball), snapshot: 'scans/example.json', args: '--json amlnet.json' });
    expect(stepOf(r, 'install').stderr).toBe('');
    expect(r.steps.map((s) => [s.id ?? s.name ?? 'setup-node', s.code])).toEqual([
      ['setup-node', null],
      ['install', 0],
      ['audit', 1],
    ]);
    expect(r.code).toBe(1);
    expect(r.outputs).toEqual({ 'exit-code': '1', sarif: 'amlnet.sarif', markdown: 'amlnet.md', version: pkg.version });

    // Every production dependency came from the local registry; nothing else was asked for.
    expect(registry.notFound).toEqual([]);
    expect([...new Set(registry.tarballs)].sort()).toEqual(registry.production);
    const installed = path.join(runnerTemp, 'amlnet', `tarball-${createHash('sha256').update(fs.readFileSync(tarball)).digest('hex').slice(0, 16)}`);
    expect(r.path).toEqual([path.join(installed, 'bin')]);
    const modules = path.join(installed, 'lib', 'node_modules', 'amlnet', 'node_modules');
    const top = fs
      .readdirSync(modules)
      .flatMap((d) => (d.startsWith('@') ? fs.readdirSync(path.join(modules, d)).map((n) => `${d}/${n}`) : [d]))
      .filter((d) => d !== '.bin');
    const productionNames = new Set(registry.production.map((p) => p.slice(0, p.lastIndexOf('@'))));
    expect(top.filter((d) => !productionNames.has(d))).toEqual([]);
    expect(top).toEqual(expect.arrayContaining(['@azure/identity', '@azure/arm-network', 'commander']));
    expect(fs.existsSync(path.join(installed, 'lib', 'node_modules', 'amlnet', 'src'))).toBe(false);
    expect(stepOf(r, 'install').stdout).toContain(`amlnet action: amlnet ${pkg.version} on node ${process.version}\n`);

    // The findings are the repository's own on the same snapshot, all 40 of them.
    const json = readJson(inWs('amlnet.json'));
    const here = await runCli(['audit', '--snapshot', 'scans/example.json', '--format', 'json'], { cwd: workspace });
    expect(json.findings).toEqual(JSON.parse(here.stdout).findings);
    expect(json.summary).toEqual({ high: 21, medium: 11, low: 3, info: 5, suppressed: 0 });
    expect(json.findings.find((f: any) => f.ruleId === 'AMLNET004')).toMatchObject({
      severity: 'high',
      resourceId: `${S}/resourceGroups/rg-forecast/providers/Microsoft.MachineLearningServices/workspaces/ws-forecast`,
    });
    expect(json.findings.find((f: any) => f.ruleId === 'AMLNET900').message).toContain('onlineEndpoints');

    // SARIF: one result a finding, each on the snapshot's line of its resource, relative to the workspace.
    const sarif = readJson(inWs('amlnet.sarif'));
    const results = sarif.runs[0].results;
    expect(results.map((x: any) => x.ruleId)).toEqual(json.findings.map((f: any) => f.ruleId));
    expect(new Set(results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri))).toEqual(new Set(['scans/example.json']));

    // The step summary is the Markdown report, appended once.
    const md = fs.readFileSync(inWs('amlnet.md'), 'utf8');
    expect(md).toMatch(/^## amlnet /);
    expect(r.summary).toBe(md);
    // No config input and no .amlnet.json/.yaml in the workspace: not an error.
    expect(stepOf(r, 'audit').stderr).toBe('');
  }, 300_000);

  it('a pull request template over the scan, only-new: the finding it introduces fails the step, on the template line', async () => {
    const before = registry.requests.length;
    const r = await action({
      package: 'pkg/' + path.basename(tarball),
      snapshot: 'scans/network.json',
      template: 'infra/vision-dev.json',
      'deployment-scope': RG,
      'only-new': 'true',
      args: '--json change.json',
    });
    // The second use in the job reuses the install.
    expect(stepOf(r, 'install').stdout).toContain('is installed already');
    expect(registry.requests.length).toBe(before);
    expect(r.code).toBe(1);
    expect(r.outputs['exit-code']).toBe('1');

    const json = readJson(inWs('change.json'));
    expect(json.findings.filter((f: any) => f.change === 'new').map((f: any) => [f.ruleId, f.severity, f.resourceId, f.source])).toEqual([
      ['AMLNET103', 'high', GPU, { kind: 'template', file: 'infra/vision-dev.json', name: GPU, line: 35 }],
    ]);
    expect(json.fixed.map((f: any) => [f.ruleId, f.resourceId])).toEqual([['AMLNET401', PE]]);
    expect(json.change).toMatchObject({ onlyNew: true, introduced: 1 });
    expect(json.verdict.failing).toBe(1);

    const sarif = readJson(inWs('amlnet.sarif'));
    const introduced = sarif.runs[0].results.filter((x: any) => x.baselineState === 'new');
    expect(
      introduced.map((x: any) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region]),
    ).toEqual([['AMLNET103', 'infra/vision-dev.json', { startLine: 35 }]]);
    expect(r.summary).toContain('**This change introduces 1 finding(s) and fixes 1.**');
  }, 120_000);

  it('the same change with a parameters file that puts the cluster in the workspace region only fixes: exit 0', async () => {
    const r = await action({
      package: 'pkg/' + path.basename(tarball),
      snapshot: 'scans/network.json',
      template: 'infra/vision-dev.json',
      parameters: 'infra/westeurope.parameters.json\n',
      'deployment-scope': RG,
      'only-new': 'true',
      args: '--json change.json',
    });
    expect(r.code).toBe(0);
    expect(r.outputs['exit-code']).toBe('0');
    const json = readJson(inWs('change.json'));
    expect(json.findings.filter((f: any) => f.change === 'new')).toEqual([]);
    expect(json.fixed.map((f: any) => f.ruleId)).toEqual(['AMLNET401']);
  }, 120_000);

  it('a Terraform plan with its root module: the finding points at the resource block in the .tf file', async () => {
    fs.cpSync(path.join(REPO, 'test', 'fixtures', 'terraform', 'ml-private-vnet'), inWs('infra/terraform'), { recursive: true });
    const r = await action({
      package: 'pkg/' + path.basename(tarball),
      'terraform-plan': 'infra/terraform/tfplan.json',
      'terraform-root': 'infra/terraform',
      args: '--json tf.json',
    });
    // The plan alone: the new workspace's default datastores are the service's, a gap (high), which fails the step.
    expect(r.code).toBe(1);
    const line =
      fs.readFileSync(inWs('infra/terraform/workspace.tf'), 'utf8').split('\n').indexOf('resource "azurerm_machine_learning_workspace" "default" {') +
      1;
    expect(line).toBeGreaterThan(0);
    const json = readJson(inWs('tf.json'));
    expect(json.findings.map((f: any) => [f.ruleId, f.change, f.source.file, f.source.line])).toEqual([
      ['AMLNET900', 'new', 'infra/terraform/workspace.tf', line],
    ]);
    const result = readJson(inWs('amlnet.sarif')).runs[0].results[0];
    expect(result.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'infra/terraform/workspace.tf' },
      region: { startLine: line },
    });
  }, 120_000);

  it('live, with the session azure/login leaves (the stand-in az): fail-on none reports without failing, only GETs', async () => {
    const r = await action({
      package: 'pkg/' + path.basename(tarball),
      subscriptions: DEMO_SUBSCRIPTION,
      'fail-on': 'none',
      args: '--json live.json',
    });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'exit-code': '0', sarif: 'amlnet.sarif', markdown: 'amlnet.md' });
    const json = readJson(inWs('live.json'));
    expect(json.scope).toEqual({ subscriptions: [DEMO_SUBSCRIPTION] });
    expect(json.summary).toEqual({ high: 21, medium: 11, low: 3, info: 5, suppressed: 0 });
    expect(new Set(fake.requests.map((q) => q.method))).toEqual(new Set(['GET']));
    // With no --snapshot or --save-snapshot, SARIF points at the inventory written beside it.
    expect(fs.existsSync(inWs('amlnet-inventory.json'))).toBe(true);
  }, 120_000);

  it('a config file named in the input must exist: exit 2 with one line, no SARIF or summary output', async () => {
    const r = await action({ package: 'pkg/' + path.basename(tarball), snapshot: 'scans/example.json', config: 'missing.amlnet.yaml' });
    expect(r.code).toBe(2);
    expect(r.outputs).toEqual({ 'exit-code': '2', sarif: '', markdown: '', version: pkg.version });
    expect(stepOf(r, 'audit').stderr).toBe('amlnet: error: cannot read config missing.amlnet.yaml: no such file\n');
    expect(r.summary).toBe('');
    // The files of the earlier runs are gone, so an upload step cannot publish them as this run's.
    expect(fs.existsSync(inWs('amlnet.sarif'))).toBe(false);
  }, 120_000);

  it('without package or version, it installs the release matching the action (package.json), and says so when it cannot', async () => {
    const r = await action({ snapshot: 'scans/example.json' });
    expect(r.steps.map((s) => s.code)).toEqual([null, 2]);
    expect(registry.requests).toContain('/amlnet');
    expect(stepOf(r, 'install').stderr).toContain(
      `amlnet action: error: could not install amlnet@${pkg.version} with npm; set version to a published release, or package to a tarball\n`,
    );
    expect(r.outputs['exit-code']).toBe('');
  }, 120_000);

  it('a package that is not there, or a version that is not a release, is exit 2 before npm runs', async () => {
    const missing = await action({ package: 'pkg/nope.tgz' });
    expect(missing.steps.map((s) => s.code)).toEqual([null, 2]);
    expect(stepOf(missing, 'install').stderr).toBe(
      'amlnet action: error: package pkg/nope.tgz: no such file; give the path of a tarball made by npm pack, relative to the workspace\n',
    );
    const bad = await action({ version: '1.0; rm -rf ~' });
    expect(stepOf(bad, 'install').stderr).toBe('amlnet action: error: version 1.0\\;\\ rm\\ -rf\\ ~: expected a release such as 0.2.0\n');
  });

  describe('every input reaches amlnet as one argument, whatever it holds', () => {
    let stub: string;
    beforeAll(() => {
      // A stand-in amlnet package that records its arguments and writes the files it is asked for.
      const dir = path.join(work, 'stub');
      fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'amlnet', version: '9.9.9-stub', bin: { amlnet: 'bin/amlnet.js' } }));
      fs.writeFileSync(
        path.join(dir, 'bin', 'amlnet.js'),
        [
          '#!/usr/bin/env node',
          "const fs = require('fs'); const a = process.argv.slice(2);",
          "if (a[0] === '--version') { console.log('9.9.9-stub'); process.exit(0); }",
          "fs.writeFileSync('argv.json', JSON.stringify(a));",
          "fs.writeFileSync(a[a.indexOf('--markdown') + 1], '## stub\\n');",
          'process.exit(1);',
        ].join('\n'),
        { mode: 0o755 },
      );
      const dest = path.join(work, 'stub-pkg');
      fs.mkdirSync(dest);
      const name = execFileSync(npm, ['pack', '--pack-destination', dest, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
      stub = path.relative(workspace, path.join(dest, name));
    });

    it('lists split on commas, spaces and lines; paths with spaces and $(...) stay one literal argument; nothing is globbed or run', async () => {
      const r = await action({
        package: stub,
        subscriptions: 'sub-a, sub-b\nsub-c;*',
        template: 'infra/my change $(touch pwned).json',
        parameters: 'a.parameters.json\n  b.parameters.json\n',
        'deployment-scope': RG,
        'what-if': 'whatif.json',
        'terraform-plan': 'plan.json',
        'terraform-root': 'infra/tf',
        'only-new': 'true',
        'fail-on': 'medium',
        config: '.amlnet.yaml',
        baseline: 'amlnet-baseline.json',
        sarif: 'out/a.sarif',
        markdown: 'a.md',
        'step-summary': 'false',
        args: '--resource-group rg-ml\n--cloud AzureUSGovernment',
      });
      expect(readJson(inWs('argv.json'))).toEqual([
        'audit',
        '--fail-on',
        'medium',
        '--sarif',
        'out/a.sarif',
        '--markdown',
        'a.md',
        '--no-color',
        '--subscription',
        'sub-a',
        '--subscription',
        'sub-b',
        '--subscription',
        'sub-c',
        '--subscription',
        '*',
        '--config',
        '.amlnet.yaml',
        '--baseline',
        'amlnet-baseline.json',
        '--template',
        'infra/my change $(touch pwned).json',
        '--parameters',
        'a.parameters.json',
        '--parameters',
        'b.parameters.json',
        '--deployment-scope',
        RG,
        '--what-if',
        'whatif.json',
        '--terraform-plan',
        'plan.json',
        '--terraform-root',
        'infra/tf',
        '--only-new',
        '--resource-group',
        'rg-ml',
        '--cloud',
        'AzureUSGovernment',
      ]);
      expect(fs.existsSync(inWs('pwned'))).toBe(false);
      expect(r.code).toBe(1);
      // The SARIF was not written (the stand-in writes none), the Markdown was; step-summary false keeps it out of the summary.
      expect(r.outputs).toEqual({ 'exit-code': '1', sarif: '', markdown: 'a.md', version: '9.9.9-stub' });
      expect(r.summary).toBe('');
    });

    it('the defaults: fail-on high, amlnet.sarif and amlnet.md, nothing else', async () => {
      const r = await action({ package: stub });
      expect(readJson(inWs('argv.json'))).toEqual(['audit', '--fail-on', 'high', '--sarif', 'amlnet.sarif', '--markdown', 'amlnet.md', '--no-color']);
      expect(r.summary).toBe('## stub\n');
    });

    it('only-new other than true or false is exit 2, and amlnet does not run', async () => {
      fs.rmSync(inWs('argv.json'), { force: true });
      const r = await action({ package: stub, 'only-new': 'yes' });
      expect(r.code).toBe(2);
      expect(stepOf(r, 'audit').stderr).toBe('amlnet action: error: only-new yes: expected true or false\n');
      expect(r.outputs['exit-code']).toBe('2');
      expect(fs.existsSync(inWs('argv.json'))).toBe(false);
    });
  });
});
