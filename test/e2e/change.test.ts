/**
 * A change laid over a base, end to end: the demo's pull-request example (examples/pr/vision-dev.json)
 * over the live demo tenant (fake Resource Manager) and over a snapshot of it; what-if results in
 * both the az and the REST form; `--only-new` exit codes; SARIF validated against the 2.1.0 schema
 * with its first location on the template line; the Markdown lead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { demoTenant, DEMO_FAULTS, DEMO_SUBSCRIPTION } from '../../src/fixtures/demo';
import { runCli, tmpFile, withFakeArm, withoutProgress } from '../support/e2e';

const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(validate);
const validSarif = validate.compile(schema);

const PR = 'examples/pr/vision-dev.json';
const S = `/subscriptions/${DEMO_SUBSCRIPTION}`;
const RG = `${S}/resourceGroups/rg-vision-dev`;
const SCOPE = ['--deployment-scope', RG];
const GPU = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws-vision-dev/computes/gpu-eastus`;
const PE = `${RG}/providers/Microsoft.Network/privateEndpoints/pe-ws-vision-dev`;
const KV = `${RG}/providers/Microsoft.KeyVault/vaults/kv-vision-dev`;

/** The demo tenant as a snapshot with nothing left unread (the live demo refuses one list on purpose). */
function demoSnapshot(): string {
  const path = tmpFile('demo-base.json');
  writeFileSync(
    path,
    JSON.stringify({
      schemaVersion: 1,
      cloud: 'AzureCloud',
      scope: { subscriptions: [DEMO_SUBSCRIPTION] },
      resources: demoTenant().resources,
      gaps: [],
    }),
  );
  return path;
}

describe('a change over the live demo tenant', () => {
  test('the PR example fixes AMLNET401 and introduces AMLNET103; every other finding is existing; only GETs', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const sarifPath = tmpFile('pr.sarif');
      const mdPath = tmpFile('pr.md');
      const htmlPath = tmpFile('pr.html');
      const r = await runCli(
        [
          'audit',
          '--subscription',
          DEMO_SUBSCRIPTION,
          '--template',
          PR,
          ...SCOPE,
          '--format',
          'json',
          '--sarif',
          sarifPath,
          '--markdown',
          mdPath,
          '--html',
          htmlPath,
        ],
        { fake },
      );
      expect(withoutProgress(r.stderr)).toBe('');
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout);
      const fresh = json.findings.filter((f: any) => f.change === 'new').map((f: any) => [f.ruleId, f.severity, f.resourceId, f.source]);
      expect(fresh).toEqual([
        // The new cluster is in eastus, the workspace in westeurope (line 35 declares the compute).
        ['AMLNET103', 'high', GPU, { kind: 'template', file: PR, name: GPU, line: 35 }],
        // The base's own gap (the demo refuses ws-sandbox's online endpoints): a gap is never "existing".
        ['AMLNET900', 'high', S, undefined],
      ]);
      expect(json.findings.filter((f: any) => f.change === 'existing')).toHaveLength(38);
      expect(json.findings.every((f: any) => f.change === 'new' || f.change === 'existing')).toBe(true);
      // The zone group the template adds resolves the workspace endpoint: the base's AMLNET401 is gone.
      expect(json.fixed.map((f: any) => [f.ruleId, f.resourceId])).toEqual([['AMLNET401', PE]]);
      expect(json.change).toMatchObject({ inputs: [{ kind: 'template', file: PR }], base: true, onlyNew: false, introduced: 2 });
      expect(new Set(fake.requests.map((q) => q.method))).toEqual(new Set(['GET']));

      const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
      expect(validSarif(sarif)).toBe(true);
      const result = sarif.runs[0].results.find((x: any) => x.ruleId === 'AMLNET103' && x.locations[0].physicalLocation.artifactLocation.uri === PR);
      expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 35 });
      expect(result.baselineState).toBe('new');
      expect(readFileSync(PR, 'utf8').split('\n')[34]).toBe('    {');
      expect(readFileSync(PR, 'utf8').split('\n')[35]).toContain('"type": "Microsoft.MachineLearningServices/workspaces/computes"');
      expect(sarif.runs[0].artifacts.map((a: any) => a.location.uri).slice(1)).toEqual([PR]);

      expect(readFileSync(htmlPath, 'utf8')).toContain(
        '<p class="change"><strong>This change introduces 2 finding(s) and fixes 1.</strong> <code>examples/pr/vision-dev.json</code>, against the current network</p>',
      );
      const md = readFileSync(mdPath, 'utf8').split('\n');
      expect(md[2]).toBe(
        '**This change introduces 2 finding(s) and fixes 1.** (`examples/pr/vision\\-dev\\.json`, checked against the current network)',
      );
      expect(md).toContain('  Declared in `examples/pr/vision\\-dev\\.json:35` (' + GPU.replace(/([\\`*_{}[\]()#+\-.!|~:])/g, '\\$1') + ').');
    });
  });
});

describe('--only-new over a snapshot', () => {
  test.each<[string, string[], number]>([
    ['the PR example introduces a high finding: exit 1', [], 1],
    // With the cluster in the workspace's region the change only fixes: the base's own findings do not fail the gate.
    ['the same change with the cluster in westeurope only fixes: exit 0', ['--parameter', 'clusterLocation=westeurope'], 0],
  ])('%s', async (_name, extra, code) => {
    const base = demoSnapshot();
    const r = await runCli(['audit', '--snapshot', base, '--template', PR, ...SCOPE, ...extra, '--only-new', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
    const json = JSON.parse(r.stdout);
    expect(json.fixed.map((f: any) => f.ruleId)).toEqual(['AMLNET401']);
    expect(json.change.onlyNew).toBe(true);
    // Without --only-new the base's high findings fail the run as any audit does.
    const all = await runCli(['audit', '--snapshot', base, '--template', PR, ...SCOPE, ...extra, '--format', 'json']);
    expect(all.code).toBe(1);
  });

  test('--only-new without a change is exit 2 with one line', async () => {
    const r = await runCli(['audit', '--snapshot', demoSnapshot(), '--only-new']);
    expect(r.stderr).toBe('amlnet: error: --only-new compares a change with its base: give --template, --what-if or --terraform-plan\n');
    expect(r.code).toBe(2);
  });
});

describe('--what-if', () => {
  const after = (bypass: string) => ({
    id: KV,
    name: 'kv-vision-dev',
    type: 'Microsoft.KeyVault/vaults',
    location: 'westeurope',
    properties: {
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      sku: { family: 'A', name: 'standard' },
      publicNetworkAccess: 'Enabled',
      networkAcls: { bypass, defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
    },
  });
  const changes = [
    { resourceId: KV, changeType: 'Modify', before: after('None'), after: after('AzureServices'), delta: [] },
    { resourceId: `${RG}/providers/Microsoft.Insights/components/appi-vision-dev`, changeType: 'Ignore' },
    { resourceId: GPU, changeType: 'Unsupported', unsupportedReason: 'The resource type is not supported by what-if' },
  ];

  test.each([
    ['az (changes at the top)', { status: 'Succeeded', changes, error: null }],
    ['REST WhatIfOperationResult', { status: 'Succeeded', properties: { changes } }],
  ])('%s: Modify lays `after` over the base, Ignore and Unsupported are listed, not applied', async (_name, doc) => {
    const file = tmpFile('whatif.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const r = await runCli(['audit', '--snapshot', demoSnapshot(), '--what-if', file, '--format', 'json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    // The vault now lets trusted services through: AMLNET008 (bypass None) is fixed.
    expect(json.fixed.map((f: any) => [f.ruleId, f.resourceId])).toEqual([['AMLNET008', KV]]);
    expect(json.change.introduced).toBe(0);
    expect(json.change.notes).toEqual([
      `Ignore ${RG}/providers/Microsoft.Insights/components/appi-vision-dev (what-if does not say what it will be; not applied)`,
      `Unsupported ${GPU}: The resource type is not supported by what-if (what-if does not say what it will be; not applied)`,
    ]);
  });

  test('Delete removes the resource: a deleted key vault takes its findings with it', async () => {
    const file = tmpFile('whatif-delete.json');
    writeFileSync(file, JSON.stringify({ status: 'Succeeded', changes: [{ resourceId: KV, changeType: 'Delete', before: after('None') }] }, null, 2));
    const r = await runCli(['audit', '--snapshot', demoSnapshot(), '--what-if', file, '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.fixed.map((f: any) => f.ruleId)).toEqual(['AMLNET008']);
    expect(json.findings.some((f: any) => f.resourceId === KV)).toBe(false);
  });

  test.each([
    [
      'a failed what-if',
      { status: 'Failed', error: { code: 'InvalidTemplate', message: 'bad' } },
      'amlnet: error: what-if result W has status Failed (InvalidTemplate bad): fix the deployment and run what-if again\n',
    ],
    [
      'no changes',
      { status: 'Succeeded' },
      'amlnet: error: what-if result W has no "changes" (az) or "properties.changes" (REST): produce it with az deployment group what-if --result-format FullResourcePayloads --no-pretty-print -o json\n',
    ],
  ])('%s is exit 2 with one line', async (_name, doc, message) => {
    const file = tmpFile('whatif-bad.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await runCli(['audit', '--what-if', file]);
    expect(r.stderr).toBe(message.replace('W', file));
    expect(r.code).toBe(2);
  });
});
