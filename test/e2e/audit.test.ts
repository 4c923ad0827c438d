/**
 * `amlnet audit` end to end: the real SDK clients against the project's fake Resource Manager,
 * asserting the exact findings, the scenarios, the exit codes and that only GETs were sent.
 */
import * as fs from 'node:fs';
import { demoTenant, DEMO_SUBSCRIPTION, DEMO_SPOKE_SUBSCRIPTION } from '../../src/fixtures/demo';
import { RULES } from '../../src/rules';
import { runCli, tmpFile, triples, withFakeArm } from '../support/e2e';
import { privateWorkspace, SUB } from '../support/scenarios';

const S = `/subscriptions/${DEMO_SUBSCRIPTION}/resourcegroups`;
const ML = 'providers/microsoft.machinelearningservices/workspaces';
const IMPLEMENTED = new Set(RULES.map((r) => r.meta.id));

/** The demo's expected findings for the rules implemented so far (the catalogue grows; the expectation is per rule). */
const DEMO_EXPECTED: string[] = [
  `AMLNET004 high ${S}/rg-forecast/${ML}/ws-forecast`,
  `AMLNET008 high ${S}/rg-vision-dev/providers/microsoft.keyvault/vaults/kv-vision-dev`,
  `AMLNET102 medium ${S}/rg-fraud-prod/${ML}/ws-fraud-prod/computes/gpu-train`,
  `AMLNET102 high ${S}/rg-forecast/${ML}/ws-forecast/computes/cpu-spoke-sub`,
  `AMLNET103 high ${S}/rg-forecast/${ML}/ws-forecast/computes/cpu-eastus`,
  `AMLNET104 high ${S}/rg-forecast/${ML}/ws-forecast/computes/cpu-spoke-sub`,
  ...['1', '2', '3', '4'].map(() => `AMLNET203 high ${S}/rg-forecast/${ML}/ws-forecast/computes/aks-inference`),
  `AMLNET301 medium ${S}/rg-fraud-prod/${ML}/ws-fraud-prod/datastores/transactions_raw`,
  `AMLNET303 medium ${S}/rg-vision-dev/${ML}/ws-vision-dev`,
];

function onlyImplemented(list: string[]): string[] {
  return list.filter((t) => IMPLEMENTED.has(t.split(' ')[0]));
}

describe('amlnet audit against the fake Resource Manager', () => {
  it('reports exactly the expected findings on the demo tenant, classifies every workspace, sends only GETs and exits 1', async () => {
    await withFakeArm({ tenant: demoTenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--format', 'json'], { fake });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout);
      expect(json.schemaVersion).toBe(1);
      expect(json.tool.name).toBe('amlnet');
      expect(json.scope).toEqual({ subscriptions: [DEMO_SUBSCRIPTION] });
      expect(triples(json).filter((t) => DEMO_EXPECTED.some((e) => e.startsWith(t.split(' ')[0]))))
        .toEqual(onlyImplemented(DEMO_EXPECTED).sort());
      expect(json.workspaces.map((w: any) => [w.name, w.scenario])).toEqual([
        ['ws-forecast', 'mixed'],
        ['ws-fraud-prod', 'private-workspace'],
        ['ws-genai', 'managed-vnet'],
        ['ws-sandbox', 'no-vnet'],
        ['ws-vision-dev', 'public-workspace-private-resources'],
      ]);
      expect(json.summary.suppressed).toBe(0);
      expect(json.unevaluatedRules).toEqual([]);
      // Read-only: every request was a GET with a bearer token; pages were followed.
      expect(new Set(fake.requests.map((q) => q.method))).toEqual(new Set(['GET']));
      expect(fake.requests.every((q) => q.hadBearerToken)).toBe(true);
      expect(fake.requests.some((q) => '$skiptoken' in q.query || 'skipToken' in q.query || Object.keys(q.query).some((k) => k.toLowerCase().includes('skiptoken')))).toBe(true);
      // One list per type per subscription: no GET of an individual storage account, vault or VNet.
      expect(fake.requests.filter((q) => /\/(storageaccounts|vaults|virtualnetworks|registries)\/[^/]+$/i.test(q.path))).toEqual([]);
      // The findings sit on the ARM ids as Resource Manager spelled them.
      expect(json.findings.find((f: any) => f.ruleId === 'AMLNET008').resourceId).toContain('/resourceGroups/rg-vision-dev/providers/Microsoft.KeyVault/vaults/kv-vision-dev');
    });
  });

  it('exits 0 on a clean tenant and says so', async () => {
    const s = privateWorkspace();
    await withFakeArm({ tenant: s.t.tenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', SUB], { fake });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('ws-private (private-workspace)');
      expect(r.stdout).toContain('0 finding(s) in 1 workspace(s)');
    });
  });

  it('--fail-on changes the threshold: medium findings fail with --fail-on medium, nothing fails with none', async () => {
    const s = privateWorkspace();
    s.t.datastore(s.ws, 'raw', { accountName: s.storage.split('/').pop()! }); // AMLNET301, medium
    await withFakeArm({ tenant: s.t.tenant() }, async (fake) => {
      expect((await runCli(['audit', '--subscription', SUB, '-q'], { fake })).code).toBe(0);
      expect((await runCli(['audit', '--subscription', SUB, '--fail-on', 'medium'], { fake })).code).toBe(1);
      expect((await runCli(['audit', '--subscription', SUB, '--fail-on', 'none'], { fake })).code).toBe(0);
    });
  });

  it('a 403 on one resource type gives AMLNET900 naming it and the rules it blocks, plus a report on everything else', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: [{ path: '/providers/Microsoft.ContainerService/managedClusters$', status: 403 }] }, async (fake) => {
      const r = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--format', 'json'], { fake });
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout);
      const f900 = json.findings.filter((f: any) => f.ruleId === 'AMLNET900');
      expect(f900).toHaveLength(1);
      expect(f900[0]).toMatchObject({ severity: 'high', resourceId: `/subscriptions/${DEMO_SUBSCRIPTION}` });
      expect(f900[0].message).toContain('managedClusters');
      expect(f900[0].message).toContain('403');
      expect(json.unevaluatedRules.map((u: any) => u.ruleId)).toContain('AMLNET203');
      // Everything that does not need AKS clusters is reported as before.
      const without203 = onlyImplemented(DEMO_EXPECTED).filter((t) => !t.startsWith('AMLNET203'));
      expect(triples(json).filter((t) => !t.startsWith('AMLNET900') && DEMO_EXPECTED.some((e) => e.startsWith(t.split(' ')[0])) && !t.startsWith('AMLNET203'))).toEqual(without203.sort());
      expect(triples(json).some((t) => t.startsWith('AMLNET203'))).toBe(false);
    });
  });

  it('a snapshot saved by a live audit gives the same findings offline, with no credentials', async () => {
    const snap = tmpFile('snapshot.json');
    let live: any;
    await withFakeArm({ tenant: demoTenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--format', 'json', '--save-snapshot', snap], { fake });
      live = JSON.parse(r.stdout);
    });
    const offline = await runCli(['audit', '--snapshot', snap, '--format', 'json'], { env: { PATH: '/nonexistent', AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential' } });
    expect(offline.code).toBe(1);
    const json = JSON.parse(offline.stdout);
    expect(json.findings).toEqual(live.findings);
    expect(json.workspaces).toEqual(live.workspaces);
    expect(fs.readFileSync(snap, 'utf8')).not.toMatch(/fake-arm-token|Bearer/i);
  });

  it('writes the JSON file and the text report in one run, and -o writes the format to a file', async () => {
    const jsonFile = tmpFile('report.json');
    const outFile = tmpFile('report.txt');
    await withFakeArm({ tenant: demoTenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--json', jsonFile], { fake });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('ws-forecast (mixed)');
      expect(JSON.parse(fs.readFileSync(jsonFile, 'utf8')).findings.length).toBeGreaterThan(0);
      const o = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '-o', outFile], { fake });
      expect(o.stdout).toBe('');
      expect(fs.readFileSync(outFile, 'utf8')).toContain('finding(s) in 5 workspace(s)');
    });
  });

  it('scans a cross-subscription reference without reading the other subscription', async () => {
    await withFakeArm({ tenant: demoTenant() }, async (fake) => {
      await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '-q'], { fake });
      expect(fake.requests.some((q) => q.path.toLowerCase().includes(DEMO_SPOKE_SUBSCRIPTION))).toBe(false);
    });
  });
});
