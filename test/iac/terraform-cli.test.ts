/**
 * `amlnet audit --terraform-plan` through the compiled CLI: Microsoft's moderately secure quickstart
 * (test/fixtures/terraform/ml-private-vnet) alone and over a saved scan, findings with `change` and
 * `source` pointing at the .tf block with --terraform-root, SARIF's first location on that line,
 * and every bad input as one line with exit 2 (once in a pseudo-terminal, as a person sees it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, REPO, runCli } from '../support/e2e';
import { readTerraformPlan } from '../../src/iac/terraform/read';
import { overlayPlan } from '../../src/iac/overlay';

const ROOT = 'test/fixtures/terraform/ml-private-vnet';
const PLAN = `${ROOT}/tfplan.json`;
const SUB = '9c6f1e2d-3b4a-4c5d-8e7f-0a1b2c3d4e5f';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev/providers`;
const WS = `${RG}/Microsoft.MachineLearningServices/workspaces/mlw-mlsec-dev`;
const KV_PE = `${RG}/Microsoft.Network/privateEndpoints/ple-mlsec-dev-kv`;

const tmp = () => mkdtempSync(path.join(tmpdir(), 'amlnet-tf-'));
const lineOf = (file: string, header: string) => readFileSync(path.join(REPO, file), 'utf8').split('\n').indexOf(header) + 1;

describe('audit --terraform-plan', () => {
  test('alone, with --terraform-root: the one gap the plan leaves is new and points at the workspace block', async () => {
    const dir = tmp();
    const sarif = path.join(dir, 'amlnet.sarif');
    const r = await runCli(['audit', '--terraform-plan', PLAN, '--terraform-root', ROOT, '--format', 'json', '--sarif', sarif]);
    expect(r.stderr).toBe('');
    // AMLNET900 is high: the default --fail-on high fails the run.
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    const source = {
      kind: 'terraform-plan',
      file: `${ROOT}/workspace.tf`,
      name: 'azurerm_machine_learning_workspace.default',
      line: lineOf(`${ROOT}/workspace.tf`, 'resource "azurerm_machine_learning_workspace" "default" {'),
    };
    expect(json.findings.map((f: any) => [f.ruleId, f.severity, f.resourceId, f.change, f.source])).toEqual([
      // The new workspace's default datastores are made by the service: the datastore rules cannot be judged for it.
      ['AMLNET900', 'high', `/subscriptions/${SUB}`, 'new', source],
    ]);
    expect(json.unevaluatedRules.map((u: any) => [u.ruleId, u.workspaceIds])).toEqual([
      ['AMLNET301', [WS]],
      ['AMLNET302', [WS]],
      ['AMLNET303', [WS]],
    ]);
    expect(json.change).toMatchObject({ inputs: [{ kind: 'terraform-plan', file: PLAN }], base: false, introduced: 1, fixed: [] });
    expect(json.workspaces).toEqual([
      { id: WS, name: 'mlw-mlsec-dev', scenario: 'private-workspace', counts: { high: 0, medium: 0, low: 0, info: 0 } },
    ]);
    const result = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results[0];
    expect(result.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: `${ROOT}/workspace.tf` },
      region: { startLine: source.line },
    });
  });

  test("over a saved scan that lacks the key vault zone's VNet link: the plan that adds it fixes AMLNET401", async () => {
    // The base: what this plan would have deployed without azurerm_private_dns_zone_virtual_network_link.vnetlinkvault.
    const full = JSON.parse(readFileSync(path.join(REPO, PLAN), 'utf8'));
    const dir = tmp();
    const without = path.join(dir, 'without-link.json');
    writeFileSync(
      without,
      JSON.stringify({
        ...full,
        resource_changes: full.resource_changes.filter((rc: any) => rc.address !== 'azurerm_private_dns_zone_virtual_network_link.vnetlinkvault'),
      }),
    );
    const deployed = overlayPlan(undefined, readTerraformPlan(without), { cloud: 'AzureCloud', subscriptions: [SUB] }).inventory;
    // A scan reads the datastores the service made: no gap in the base.
    const snapshot = path.join(dir, 'scan.json');
    writeFileSync(snapshot, JSON.stringify({ ...deployed, gaps: [], collectedAt: '2026-11-30T08:00:00Z' }));
    const r = await runCli(['audit', '--snapshot', snapshot, '--terraform-plan', PLAN, '--only-new', '--format', 'json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.change.fixed.map((f: any) => [f.ruleId, f.resourceId])).toEqual([['AMLNET401', KV_PE]]);
    // The workspace exists in the base: no datastore gap; nothing new.
    expect(json.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  test.each<[string, string[], (dir: string) => void, RegExp]>([
    [
      'a plan of format 2.x',
      ['--terraform-plan', 'v2.json'],
      (d) => writeFileSync(path.join(d, 'v2.json'), JSON.stringify({ format_version: '2.0', resource_changes: [] })),
      /^amlnet: error: v2\.json: Terraform JSON format_version 2\.0 is not supported \(amlnet reads 1\.x\); produce the plan with a Terraform release that writes format 1\.x\n$/,
    ],
    [
      'invalid JSON',
      ['--terraform-plan', 'bad.json'],
      (d) => writeFileSync(path.join(d, 'bad.json'), '{"format_version": "1.2",'),
      /^amlnet: error: bad\.json: not valid JSON \(.*\); give --terraform-plan the output of `terraform show -json <planfile>`\n$/,
    ],
    [
      'a missing file',
      ['--terraform-plan', 'nope.json'],
      () => undefined,
      /^amlnet: error: nope\.json: cannot read the Terraform plan \(ENOENT\); give --terraform-plan the output of `terraform show -json <planfile>`\n$/,
    ],
    [
      '--terraform-root that is not a folder',
      ['--terraform-plan', path.join(REPO, PLAN), '--terraform-root', 'nowhere'],
      () => undefined,
      /^amlnet: error: --terraform-root nowhere: not a folder; give the Terraform root module's folder \(where terraform plan ran\)\n$/,
    ],
    [
      '--terraform-root without a plan',
      ['--terraform-root', path.join(REPO, ROOT), '--snapshot', 'x.json'],
      () => undefined,
      /^amlnet: error: --terraform-root goes with --terraform-plan \(the plan whose \.tf files that folder holds\)\n$/,
    ],
  ])('%s: exit 2, one line', async (_what, args, prepare, stderr) => {
    const dir = tmp();
    prepare(dir);
    const r = await runCli(['audit', ...args], { cwd: dir });
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
    expect(r.code).toBe(2);
  });

  test('in a terminal, a plan of another format is one line and exit 2', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'v2.json'), JSON.stringify({ format_version: '2.0' }));
    let out = '';
    let code = 0;
    try {
      out = execFileSync('script', ['-qec', `${process.execPath} ${CLI} audit --terraform-plan v2.json`, '/dev/null'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '');
      code = (e as { status?: number }).status ?? 0;
    }
    expect(code).toBe(2);
    expect(out.replace(/\r/g, '').trim().split('\n')).toEqual([
      'amlnet: error: v2.json: Terraform JSON format_version 2.0 is not supported (amlnet reads 1.x); produce the plan with a Terraform release that writes format 1.x',
    ]);
  });
});
