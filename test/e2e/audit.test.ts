/**
 * `amlnet audit` end to end: the real SDK clients against the project's fake Resource Manager,
 * asserting the exact findings, the scenarios, the exit codes and that only GETs were sent.
 */
import * as fs from 'node:fs';
import { demoTenant, DEMO_FAULTS, DEMO_SUBSCRIPTION, DEMO_SPOKE_SUBSCRIPTION } from '../../src/fixtures/demo';
import { RULES } from '../../src/rules';
import { VERSION } from '../../src/version';
import { runCli, tmpFile, triples, withFakeArm, withoutProgress } from '../support/e2e';
import { privateWorkspace, SUB } from '../support/scenarios';

const SUBSCRIPTION_ID = `/subscriptions/${DEMO_SUBSCRIPTION}`;

/**
 * Every finding the demo tenant must produce (rule, severity, resource id below the subscription),
 * reviewed by hand against rules.md: each of the catalogue's rules fires at least once (AMLNET601
 * only with --rule). The demo's Resource Manager refuses ws-sandbox's online endpoints (AMLNET900).
 */
const DEMO_EXPECTED: [string, string, string][] = [
  ['AMLNET001', 'medium', '/resourcegroups/rg-sandbox/providers/microsoft.machinelearningservices/workspaces/ws-sandbox'],
  ['AMLNET002', 'medium', '/resourcegroups/rg-vision-dev/providers/microsoft.machinelearningservices/workspaces/ws-vision-dev'],
  ['AMLNET003', 'high', '/resourcegroups/rg-churn/providers/microsoft.machinelearningservices/workspaces/ws-churn-staging'],
  ['AMLNET004', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast'],
  ['AMLNET005', 'high', '/resourcegroups/rg-forecast/providers/microsoft.keyvault/vaults/kv-forecast'],
  ['AMLNET006', 'info', '/resourcegroups/rg-forecast/providers/microsoft.containerregistry/registries/acrforecast'],
  ['AMLNET007', 'high', '/resourcegroups/rg-vision-dev/providers/microsoft.containerregistry/registries/acrvisiondev'],
  ['AMLNET008', 'high', '/resourcegroups/rg-vision-dev/providers/microsoft.keyvault/vaults/kv-vision-dev'],
  ['AMLNET009', 'low', '/resourcegroups/rg-vision-dev/providers/microsoft.machinelearningservices/workspaces/ws-vision-dev'],
  ['AMLNET010', 'info', '/resourcegroups/rg-fraud-prod/providers/microsoft.insights/components/appi-fraud-prod'],
  ['AMLNET011', 'high', '/resourcegroups/rg-genai/providers/microsoft.machinelearningservices/workspaces/ws-genai'],
  ['AMLNET101', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/cpu-eastus'],
  ['AMLNET102', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/cpu-spoke-sub'],
  ['AMLNET102', 'medium', '/resourcegroups/rg-fraud-prod/providers/microsoft.machinelearningservices/workspaces/ws-fraud-prod/computes/gpu-train'],
  ['AMLNET103', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/cpu-eastus'],
  ['AMLNET104', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/cpu-spoke-sub'],
  ['AMLNET105', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/ci-legacy'],
  ['AMLNET106', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/ci-legacy'],
  ['AMLNET107', 'medium', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/cpu-batch'],
  ['AMLNET108', 'low', '/resourcegroups/rg-fraud-prod/providers/microsoft.machinelearningservices/workspaces/ws-fraud-prod/computes/gpu-train'],
  [
    'AMLNET201',
    'medium',
    '/resourcegroups/rg-fraud-prod/providers/microsoft.machinelearningservices/workspaces/ws-fraud-prod/onlineendpoints/fraud-score',
  ],
  [
    'AMLNET202',
    'info',
    '/resourcegroups/rg-genai/providers/microsoft.machinelearningservices/workspaces/ws-genai/onlineendpoints/genai-chat/deployments/gpt-small',
  ],
  [
    'AMLNET202',
    'low',
    '/resourcegroups/rg-fraud-prod/providers/microsoft.machinelearningservices/workspaces/ws-fraud-prod/onlineendpoints/fraud-score/deployments/blue',
  ],
  ['AMLNET203', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/aks-inference'],
  ['AMLNET203', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/aks-inference'],
  ['AMLNET203', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/aks-inference'],
  ['AMLNET203', 'high', '/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast/computes/aks-inference'],
  ['AMLNET204', 'high', '/resourcegroups/rg-forecast/providers/microsoft.containerservice/managedclusters/aks-forecast-inference'],
  ['AMLNET205', 'info', '/resourcegroups/rg-fraud-prod/providers/microsoft.containerservice/managedclusters/aks-fraud-batch'],
  [
    'AMLNET301',
    'medium',
    '/resourcegroups/rg-fraud-prod/providers/microsoft.machinelearningservices/workspaces/ws-fraud-prod/datastores/transactions_raw',
  ],
  ['AMLNET302', 'medium', '/resourcegroups/rg-forecast/providers/microsoft.storage/storageaccounts/stforecast01'],
  ['AMLNET302', 'medium', '/resourcegroups/rg-vision-dev/providers/microsoft.storage/storageaccounts/stvisiondev01'],
  ['AMLNET303', 'medium', '/resourcegroups/rg-vision-dev/providers/microsoft.machinelearningservices/workspaces/ws-vision-dev'],
  ['AMLNET401', 'high', '/resourcegroups/rg-vision-dev/providers/microsoft.network/privateendpoints/pe-ws-vision-dev'],
  ['AMLNET402', 'info', '/resourcegroups/rg-forecast/providers/microsoft.network/privateendpoints/pe-stforecast01-blob'],
  ['AMLNET403', 'medium', '/resourcegroups/rg-network-hub/providers/microsoft.network/azurefirewalls/afw-ml-hub'],
  ['AMLNET501', 'high', '/resourcegroups/rg-genai/providers/microsoft.machinelearningservices/workspaces/ws-genai/computes/legacy-vnet-cluster'],
  ['AMLNET502', 'high', '/resourcegroups/rg-genai/providers/microsoft.machinelearningservices/workspaces/ws-genai'],
  ['AMLNET503', 'medium', '/resourcegroups/rg-genai/providers/microsoft.machinelearningservices/workspaces/ws-genai'],
  ['AMLNET900', 'high', ''],
];

const expectedTriples = (rows: [string, string, string][]) => rows.map(([r, s, p]) => `${r} ${s} ${SUBSCRIPTION_ID.toLowerCase()}${p}`).sort();

/** The rules that read a kind of data (a 403 on it leaves them unevaluated). */
const rulesReading = (kind: string) => new Set(RULES.filter((r) => (r.meta.requires as readonly string[]).includes(kind)).map((r) => r.meta.id));

describe('amlnet audit against the fake Resource Manager', () => {
  it('reports exactly the expected findings on the demo tenant, classifies every workspace, sends only GETs and exits 1', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const r = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--format', 'json'], { fake });
      expect(withoutProgress(r.stderr)).toBe('');
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout);
      expect(json.schemaVersion).toBe(1);
      expect(json.tool.name).toBe('amlnet');
      expect(json.scope).toEqual({ subscriptions: [DEMO_SUBSCRIPTION] });
      expect(triples(json)).toEqual(expectedTriples(DEMO_EXPECTED));
      expect(json.workspaces.map((w: any) => [w.name, w.scenario])).toEqual([
        ['ws-churn-staging', 'mixed'],
        ['ws-forecast', 'mixed'],
        ['ws-fraud-prod', 'private-workspace'],
        ['ws-genai', 'managed-vnet'],
        ['ws-sandbox', 'no-vnet'],
        ['ws-vision-dev', 'public-workspace-private-resources'],
      ]);
      expect(json.summary).toEqual({ high: 21, medium: 11, low: 3, info: 5, suppressed: 0 });
      // The refused list is named, and only ws-sandbox is left out of the rules that read it.
      expect(json.unevaluatedRules).toEqual([
        {
          ruleId: 'AMLNET201',
          reason: 'not evaluated for workspace ws-sandbox: could not read onlineEndpoints',
          workspaceIds: [`${SUBSCRIPTION_ID}/resourceGroups/rg-sandbox/providers/Microsoft.MachineLearningServices/workspaces/ws-sandbox`],
        },
        {
          ruleId: 'AMLNET202',
          reason: 'not evaluated for workspace ws-sandbox: could not read onlineEndpoints',
          workspaceIds: [`${SUBSCRIPTION_ID}/resourceGroups/rg-sandbox/providers/Microsoft.MachineLearningServices/workspaces/ws-sandbox`],
        },
      ]);
      const f900 = json.findings.find((f: any) => f.ruleId === 'AMLNET900');
      expect(f900.resourceId).toBe(SUBSCRIPTION_ID);
      expect(f900.message).toContain('onlineEndpoints');
      expect(f900.message).toContain('HTTP 403');
      // Read-only: every request was a GET with a bearer token; pages were followed.
      expect(new Set(fake.requests.map((q) => q.method))).toEqual(new Set(['GET']));
      expect(fake.requests.every((q) => q.hadBearerToken)).toBe(true);
      expect(fake.requests.some((q) => Object.keys(q.query).some((k) => k.toLowerCase().includes('skiptoken')))).toBe(true);
      // One list per type per subscription: no GET of an individual storage account, vault or VNet.
      expect(fake.requests.filter((q) => /\/(storageaccounts|vaults|virtualnetworks|registries)\/[^/]+$/i.test(q.path))).toEqual([]);
      // The findings sit on the ARM ids as Resource Manager spelled them.
      expect(json.findings.find((f: any) => f.ruleId === 'AMLNET008').resourceId).toContain(
        '/resourceGroups/rg-vision-dev/providers/Microsoft.KeyVault/vaults/kv-vision-dev',
      );
    });
  });

  it('AMLNET601 (off by default) fires on the demo only when enabled with --rule', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const r = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--format', 'json', '--rule', 'AMLNET601'], { fake });
      const json = JSON.parse(r.stdout);
      expect(triples(json).filter((t) => t.startsWith('AMLNET601'))).toEqual([
        `AMLNET601 info ${SUBSCRIPTION_ID.toLowerCase()}/resourcegroups/rg-forecast/providers/microsoft.machinelearningservices/workspaces/ws-forecast`,
        `AMLNET601 info ${SUBSCRIPTION_ID.toLowerCase()}/resourcegroups/rg-fraud-prod/providers/microsoft.machinelearningservices/workspaces/ws-fraud-prod`,
      ]);
      expect(triples(json).filter((t) => !t.startsWith('AMLNET601'))).toEqual(expectedTriples(DEMO_EXPECTED));
    });
  });

  it('exits 0 on a clean tenant and says so', async () => {
    const s = privateWorkspace();
    await withFakeArm({ tenant: s.t.tenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', SUB], { fake });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        [
          `amlnet ${VERSION}: subscription ${SUB}, 1 workspace(s)`,
          'PASS (exit 0): no finding at high, nothing fails the run (--fail-on high)',
          '',
          'WORKSPACE   SCENARIO           HIGH  MEDIUM  LOW  INFO',
          'ws-private  private-workspace     0       0    0     0',
          '',
          '0 finding(s) in 1 workspace(s): 0 high, 0 medium, 0 low, 0 info.',
          '',
        ].join('\n'),
      );
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
    await withFakeArm(
      { tenant: demoTenant(), faults: [{ path: '/providers/Microsoft.ContainerService/managedClusters$', status: 403 }] },
      async (fake) => {
        const r = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--format', 'json'], { fake });
        expect(r.code).toBe(1);
        const json = JSON.parse(r.stdout);
        const f900 = json.findings.filter((f: any) => f.ruleId === 'AMLNET900');
        expect(f900).toHaveLength(1);
        expect(f900[0]).toMatchObject({ severity: 'high', resourceId: SUBSCRIPTION_ID });
        expect(f900[0].message).toContain('managedClusters');
        expect(f900[0].message).toContain('403');
        const blocked = rulesReading('managedClusters');
        expect([...blocked].sort()).toEqual(['AMLNET203', 'AMLNET204', 'AMLNET205']);
        expect(json.unevaluatedRules.map((u: any) => u.ruleId)).toEqual([...blocked].sort());
        // Everything that does not need AKS clusters is reported exactly as before (this run has no sandbox fault).
        const rest = DEMO_EXPECTED.filter(([rule]) => !blocked.has(rule) && !['AMLNET900'].includes(rule));
        expect(triples(json).filter((t) => !t.startsWith('AMLNET900'))).toEqual(expectedTriples(rest));
      },
    );
  });

  it('a snapshot saved by a live audit gives the same findings offline, with no credentials', async () => {
    const snap = tmpFile('snapshot.json');
    let live: any;
    await withFakeArm({ tenant: demoTenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '--format', 'json', '--save-snapshot', snap], { fake });
      live = JSON.parse(r.stdout);
    });
    const offline = await runCli(['audit', '--snapshot', snap, '--format', 'json'], {
      env: { PATH: '/nonexistent', AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential' },
    });
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
      expect(fs.readFileSync(outFile, 'utf8')).toContain('finding(s) in 6 workspace(s)');
    });
  });

  it('scans a cross-subscription reference without reading the other subscription', async () => {
    await withFakeArm({ tenant: demoTenant() }, async (fake) => {
      await runCli(['audit', '--subscription', DEMO_SUBSCRIPTION, '-q'], { fake });
      expect(fake.requests.some((q) => q.path.toLowerCase().includes(DEMO_SPOKE_SUBSCRIPTION))).toBe(false);
    });
  });
});

describe('collection follows the rules that will run', () => {
  it('--rule AMLNET601 also collects Bastion hosts, so a workspace with one is not flagged', async () => {
    const s = privateWorkspace();
    const hub = s.t.vnet('vnet-bastion', { addressPrefixes: ['10.90.0.0/16'], subnets: [{ name: 'AzureBastionSubnet', prefix: '10.90.0.0/26' }] });
    s.t.peer(s.vnet, hub);
    s.t.bastion('bas-ml', hub.subnet('AzureBastionSubnet'));
    await withFakeArm({ tenant: s.t.tenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', SUB, '--format', 'json', '--rule', 'AMLNET601'], { fake });
      expect(JSON.parse(r.stdout).findings).toEqual([]);
      expect(fake.requests.some((q) => /bastionHosts$/i.test(q.path))).toBe(true);
      fake.requests.splice(0);
      await runCli(['audit', '--subscription', SUB, '--format', 'json'], { fake });
      expect(fake.requests.some((q) => /bastionHosts$/i.test(q.path))).toBe(false);
    });
  });

  it("a snapshot taken without a rule's data leaves that rule unevaluated when it is enabled later (AMLNET900), never a silent pass", async () => {
    const s = privateWorkspace();
    const snap = tmpFile('no-bastions.json');
    await withFakeArm({ tenant: s.t.tenant() }, async (fake) => {
      await runCli(['audit', '--subscription', SUB, '--save-snapshot', snap, '-q'], { fake });
    });
    expect(JSON.parse(fs.readFileSync(snap, 'utf8')).collected).not.toContain('bastionHosts');
    const r = await runCli(['audit', '--snapshot', snap, '--format', 'json', '--rule', 'AMLNET601']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.unevaluatedRules).toEqual([{ ruleId: 'AMLNET601', reason: 'could not read bastionHosts' }]);
    expect(triples(json)).toEqual([`AMLNET900 high /subscriptions/${SUB}`]);
    expect(json.findings[0].message).toContain('NotCollected');
  });
});
