/**
 * The extra suite: every Microsoft quickstart template in ../shared/iac-examples/arm (not part of
 * the repository; see that folder's README), expanded with its own parameter file and audited
 * through the compiled CLI, alone and, for the templates that deploy into an existing VNet, over
 * their `prereqs/` expanded as the base (the prereqs deploy that VNet; the quickstarts' CI fills
 * the GET-PREREQ-* parameters from the prereq deployment's outputs, as --parameter does here).
 * Each expected finding is justified from the template. It runs when ../shared is beside the
 * repository and says plainly when it is skipped.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planFromTemplate } from '../../src/iac/arm/template';
import { overlayPlan } from '../../src/iac/overlay';
import { runCli } from '../support/e2e';

const DIR = join(__dirname, '..', '..', '..', 'shared', 'iac-examples', 'arm');
const present = existsSync(DIR);
const suite = present ? describe : describe.skip;
if (!present)
  console.log(`Skipped: Microsoft's quickstart templates are not here (${DIR}); this suite runs when ../shared is beside the repository.`);

const NO_BASE = '00000000-0000-0000-0000-000000000000';
const SUB = '11111111-2222-3333-4444-555555555555';

interface Row {
  ruleId: string;
  severity: string;
  resource: string;
  change: string;
  line: number | undefined;
}

async function audit(args: string[]): Promise<{ rows: Row[]; json: any }> {
  const r = await runCli(['audit', ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.code);
  const json = JSON.parse(r.stdout);
  const rows = json.findings.map((f: any) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    resource: f.resourceId.split('/').pop(),
    change: f.change,
    line: f.source?.line,
  }));
  return { rows, json };
}

const row = (ruleId: string, severity: string, resource: string, line?: number, change = 'new'): Row => ({
  ruleId,
  severity,
  resource,
  change,
  line,
});

/** The line a finding points at declares a resource of `type`: the `{` of an ARM declaration, whose `"type"` follows within a few lines. */
function declares(file: string, line: number, type: string): boolean {
  const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
  return lines.slice(line - 1, line + 4).some((l) => l.includes(`"type": "${type}"`));
}

/** A prereq template expanded as the network that exists (the base), saved as a snapshot. */
function prereqSnapshot(template: string, parameters: string, resourceGroup: string, overrides: string[] = []): string {
  const plan = planFromTemplate({
    template: join(DIR, template),
    parameterFiles: [join(DIR, parameters)],
    parameterOverrides: overrides,
    target: { subscriptionId: SUB, resourceGroup, location: 'eastus' },
    cloud: 'AzureCloud',
  });
  const { inventory } = overlayPlan(undefined, plan, { cloud: 'AzureCloud', subscriptions: [SUB] });
  // As a scan of the deployed prereqs would: their workspace's default datastores exist by then (the overlay leaves them a gap before deployment).
  inventory.gaps = inventory.gaps.filter((g) => g.code !== 'CreatedByService');
  const path = join(mkdtempSync(join(tmpdir(), 'amlnet-prereq-')), 'base.json');
  writeFileSync(path, JSON.stringify(inventory, null, 2));
  return path;
}

const t = (name: string) => join(DIR, name);

suite(`Microsoft's quickstart templates in ../shared/iac-examples/arm${present ? '' : ' (skipped: ../shared not present)'}`, () => {
  test('machine-learning-end-to-end-secure: the key vault zone is privatelink.vault.azure.net, so the vault never resolves privately', async () => {
    const f = 'machine-learning-end-to-end-secure/azuredeploy.json';
    const { rows, json } = await audit(['--template', t(f), '--parameters', t('machine-learning-end-to-end-secure/azuredeploy.parameters.json')]);
    expect(rows).toEqual([
      // The zone is built as privatelink${environment().suffixes.keyvaultDns} = privatelink.vault.azure.net; a vault's private
      // endpoint needs privatelink.vaultcore.azure.net (Azure/bicep issues 9708, 9839). A real high finding.
      row('AMLNET401', 'high', 'ple-gen-unique-6-5uni-kv', 558),
      // A new workspace's default datastores are made by the service: the three datastore rules wait for it.
      row('AMLNET900', 'high', NO_BASE, 1444),
    ]);
    expect(json.findings[0].message).toContain('privatelink.vaultcore.azure.net (not linked to vnet-gen-unique-6-5uni, not in the zone group)');
    expect(json.findings[0].relatedResourceIds.map((id: string) => id.split('/').pop())).toContain('privatelink.vault.azure.net');
    expect(declares(f, 558, 'Microsoft.Network/privateEndpoints')).toBe(true);
    expect(declares(f, 1444, 'Microsoft.MachineLearningServices/workspaces')).toBe(true);
    expect(json.workspaces.map((w: any) => w.scenario)).toEqual(['private-workspace']);
    expect(json.unevaluatedRules.map((u: any) => u.ruleId)).toEqual(['AMLNET301', 'AMLNET302', 'AMLNET303']);
  });

  const restricted = [
    ['machine-learning-network-restricted', 'azuredeploy.json', 'prereqs/prereq.azuredeploy.json', 'aml-gen-unique-8', 1396, 370],
    ['machine-learning-network-restricted', 'main.json', 'prereqs/prereq.main.json', 'aml-gen-unique-8', 1396, 370],
    ['aistudio-network-restricted', 'main.json', 'prereqs/prereq.main.json', 'aih-gen-unique-8', 1882, 392],
  ] as const;

  test.each(restricted)('%s/%s alone: what needs the existing VNet is unevaluated and says so', async (folder, file, _prereq, ws, wsLine) => {
    const { rows, json } = await audit(['--template', t(`${folder}/${file}`), '--parameters', t(`${folder}/azuredeploy.parameters.json`)]);
    expect(rows).toEqual([
      // The registry (Premium, publicNetworkAccess Disabled, defaultAction Deny) and storage (defaultAction Deny) are network
      // restricted and imageBuildCompute is not set: image builds on serverless compute fail (Learn, "how to secure workspace").
      row('AMLNET011', 'high', `${ws}-5unii46`, wsLine),
      // The private endpoints go into GET-PREREQ-vnetName, which is neither in the change nor scanned: every rule reading VNets is unevaluated.
      row('AMLNET900', 'high', NO_BASE, wsLine),
    ]);
    expect(json.findings[1].message).toContain(
      'providers/Microsoft.Network/virtualNetworks/GET-PREREQ-vnetName/subnets/GET-PREREQ-subnetName is referenced by',
    );
    expect(json.unevaluatedRules.map((u: any) => u.ruleId)).toEqual([
      'AMLNET006',
      'AMLNET102',
      'AMLNET105',
      'AMLNET106',
      'AMLNET107',
      'AMLNET108',
      'AMLNET203',
      'AMLNET301',
      'AMLNET302',
      'AMLNET303',
      'AMLNET401',
      'AMLNET402',
      'AMLNET403',
    ]);
    expect(json.workspaces.map((w: any) => w.scenario)).toEqual(['managed-vnet']);
  });

  test.each(restricted)(
    '%s/%s over its prereqs: the same key vault zone mistake appears in the existing VNet',
    async (folder, file, prereq, ws, wsLine, kvPeLine) => {
      const base = prereqSnapshot(`${folder}/${prereq}`, `${folder}/prereqs/prereq.azuredeploy.parameters.json`, 'rg-network', [
        'adminPassword=not-a-secret-1A!',
      ]);
      const { rows, json } = await audit([
        '--snapshot',
        base,
        '--template',
        t(`${folder}/${file}`),
        '--parameters',
        t(`${folder}/azuredeploy.parameters.json`),
        '--parameter',
        'vnetName=CoreVnet',
        '--parameter',
        'vnetRgName=rg-network',
        '--parameter',
        'subnetName=default',
        '--deployment-scope',
        `/subscriptions/${SUB}/resourceGroups/rg-ml`,
      ]);
      expect(rows).toEqual([
        row('AMLNET011', 'high', `${ws}-2rop75q`, wsLine),
        // Over the VNet the prereqs deploy (CoreVnet, Azure DNS), the vault's endpoint resolves through privatelink.vault.azure.net only.
        row('AMLNET401', 'high', 'ple-gen-unique-8-2rop-kv', kvPeLine),
        row('AMLNET900', 'high', SUB, wsLine),
      ]);
      expect(declares(`${folder}/${file}`, kvPeLine, 'Microsoft.Network/privateEndpoints')).toBe(true);
      // The base alone has no workspace and no finding, so the change introduces everything and fixes nothing.
      expect(json.change).toMatchObject({ base: true, introduced: 3, fixed: [] });
      expect(json.unevaluatedRules.map((u: any) => u.ruleId)).toEqual(['AMLNET301', 'AMLNET302', 'AMLNET303']);
    },
  );

  test.each([
    [
      'azuredeploy.parameters.json',
      [
        // Registry: publicNetworkAccess Enabled and no network rule set, in front of a private workspace.
        row('AMLNET005', 'high', 'crydagrc2q52r4y', 503),
        // The same registry has no private endpoint although the workspace is secured.
        row('AMLNET007', 'high', 'crydagrc2q52r4y', 503),
        // Storage and registry restricted, no imageBuildCompute.
        row('AMLNET011', 'high', 'GEN-UNIQUE-10', 533),
        row('AMLNET900', 'high', NO_BASE, 533),
        // The parameter file puts Application Insights in southcentralus and the workspace in westcentralus.
        row('AMLNET010', 'info', 'aiydagrc2q52r4y', 521),
      ],
    ],
    [
      'azuredeploy.parameters.us.json',
      [
        row('AMLNET005', 'high', 'crydagrc2q52r4y', 503),
        row('AMLNET007', 'high', 'crydagrc2q52r4y', 503),
        row('AMLNET011', 'high', 'GEN-UNIQUE-10', 533),
        row('AMLNET900', 'high', NO_BASE, 533),
      ],
    ],
  ])('machine-learning-workspace-vnet with %s: new VNet and private endpoint, registry left open', async (params, expected) => {
    const { rows, json } = await audit([
      '--template',
      t('machine-learning-workspace-vnet/azuredeploy.json'),
      '--parameters',
      t(`machine-learning-workspace-vnet/${params}`),
    ]);
    expect(rows).toEqual(expected);
    expect(declares('machine-learning-workspace-vnet/azuredeploy.json', 503, 'Microsoft.ContainerRegistry/registries')).toBe(true);
    expect(json.workspaces.map((w: any) => w.scenario)).toEqual(['private-workspace']);
  });

  test.each(['azuredeploy.parameters.json', 'azuredeploy.parameters.us.json'])(
    'machine-learning-workspace with %s: a public workspace in front of a restricted storage account',
    async (params) => {
      const { rows, json } = await audit([
        '--template',
        t('machine-learning-workspace/azuredeploy.json'),
        '--parameters',
        t(`machine-learning-workspace/${params}`),
      ]);
      expect(rows).toEqual([
        // A Standard registry cannot have a private endpoint.
        row('AMLNET007', 'high', 'crGEN-UNIQUE-8GEN-UNIQUE-3', 120),
        // The storage account sets networkAcls.defaultAction Deny (line 91) and no imageBuildCompute is set.
        row('AMLNET011', 'high', 'mlwGEN-UNIQUE-8GEN-UNIQUE-3', 132),
        row('AMLNET900', 'high', NO_BASE, 132),
        // The workspace stays public (no publicNetworkAccess, no private endpoint) while its storage is restricted.
        row('AMLNET002', 'medium', 'mlwGEN-UNIQUE-8GEN-UNIQUE-3', 132),
      ]);
      expect(json.workspaces.map((w: any) => w.scenario)).toEqual(['public-workspace-private-resources']);
    },
  );

  test('machine-learning-private-ip: the same public workspace shape, names from uniqueString(resourceGroup().id)', async () => {
    const { rows } = await audit([
      '--template',
      t('machine-learning-private-ip/azuredeploy.json'),
      '--parameters',
      t('machine-learning-private-ip/azuredeploy.parameters.json'),
    ]);
    // uniqueString('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/amlnet-deployment') = 5unii46bkp2tu.
    expect(rows).toEqual([
      row('AMLNET007', 'high', 'cr5unii46bkp2tu', 123),
      row('AMLNET011', 'high', 'workspace5unii46bkp2tu', 135),
      row('AMLNET900', 'high', NO_BASE, 135),
      row('AMLNET002', 'medium', 'workspace5unii46bkp2tu', 135),
    ]);
  });

  test('machine-learning-compute-create-akscompute alone: the workspace it attaches to is missing, so nothing is evaluated', async () => {
    const { rows, json } = await audit([
      '--template',
      t('machine-learning-compute-create-akscompute/azuredeploy.json'),
      '--parameters',
      t('machine-learning-compute-create-akscompute/azuredeploy.parameters.json'),
    ]);
    expect(rows).toEqual([row('AMLNET900', 'high', NO_BASE, undefined)]);
    expect(json.findings[0].message).toContain('workspaces/GET-PREREQ-workspaceName is referenced by');
    expect(json.unevaluatedRules).toHaveLength(33);
  });

  test('machine-learning-compute-create-akscompute over its prereqs: the compute lands in the prereq workspace', async () => {
    const base = prereqSnapshot(
      'machine-learning-compute-create-akscompute/prereqs/prereq.azuredeploy.json',
      'machine-learning-compute-create-akscompute/prereqs/prereq.azuredeploy.parameters.json',
      'rg-ml',
    );
    const { rows, json } = await audit([
      '--snapshot',
      base,
      '--template',
      t('machine-learning-compute-create-akscompute/azuredeploy.json'),
      '--parameters',
      t('machine-learning-compute-create-akscompute/azuredeploy.parameters.json'),
      '--parameter',
      'workspaceName=GEN-UNIQUE',
      '--deployment-scope',
      `/subscriptions/${SUB}/resourceGroups/rg-ml`,
    ]);
    expect(rows).toEqual([
      // The prereq workspace is public, with storage and key vault open to all networks: the base already has this finding.
      row('AMLNET001', 'medium', 'GEN-UNIQUE', undefined, 'existing'),
    ]);
    // An AKS attach without networking settings adds nothing the rules flag, and removes nothing.
    expect(json.change).toMatchObject({ base: true, introduced: 0, fixed: [] });
  });
});
