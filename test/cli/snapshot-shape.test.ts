/**
 * A file in another shape is refused with exit 2 and a line saying what it looks like and what to
 * pass: read as a snapshot, its settings would all be "absent" and the tenant would look clean.
 * The shapes are those the tools print: `az resource list`, `az ... show` (settings flattened to
 * the top level), Get-AzResource / PSRule for Azure exports (PascalCase), PSRule results, Resource
 * Graph results, ARM templates, Terraform plans, and amlnet's own reports and baselines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';

const SUB = '00000000-0000-0000-0000-000000000000';
const WS = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const dir = mkdtempSync(join(tmpdir(), 'amlnet-shape-'));

async function audit(name: string, content: unknown): Promise<{ code: number; err: string; out: string }> {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(content, null, 2));
  const err: string[] = [];
  const out: string[] = [];
  const code = await main(['audit', '--snapshot', file], { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {} });
  return { code, err: err.join(''), out: out.join('') };
}

const WHAT_TO_PASS = 'pass the file "amlnet audit --subscription <id> --save-snapshot <file>" writes\n';

describe('a snapshot in another shape', () => {
  it.each([
    [
      'az-resource-list.json',
      [
        {
          id: WS,
          name: 'ws1',
          type: 'Microsoft.MachineLearningServices/workspaces',
          location: 'westeurope',
          resourceGroup: 'rg-ml',
          kind: 'Default',
          managedBy: null,
          properties: null,
          sku: { name: 'Basic', tier: 'Basic' },
          tags: {},
        },
      ],
      'the output of "az resource list" or an "az ... list" command (a bare array whose items have "resourceGroup" at the top level)',
    ],
    [
      'az-ml-workspace-show.json',
      {
        id: WS,
        name: 'ws1',
        location: 'westeurope',
        resource_group: 'rg-ml',
        public_network_access: 'Disabled',
        storage_account: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/st1`,
        managed_network: { isolation_mode: 'Disabled' },
      },
      'the output of "az ... show" for one resource (its settings are flattened to the top level: "resource_group")',
    ],
    [
      'az-network-vnet-show.json',
      {
        id: VNET,
        name: 'vnet-hub',
        type: 'Microsoft.Network/virtualNetworks',
        location: 'westeurope',
        resourceGroup: 'rg-net',
        provisioningState: 'Succeeded',
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [],
      },
      'the output of "az ... show" for one resource (its settings are flattened to the top level: "resourceGroup")',
    ],
    [
      'get-azresource.json',
      [
        {
          ResourceId: WS,
          Name: 'ws1',
          ResourceType: 'Microsoft.MachineLearningServices/workspaces',
          ResourceGroupName: 'rg-ml',
          Location: 'westeurope',
          Properties: { publicNetworkAccess: 'Disabled' },
        },
      ],
      "a PowerShell export (Get-AzResource or PSRule for Azure's Export-AzRuleData: ResourceId, Properties)",
    ],
    [
      'psrule-results.json',
      [
        {
          RuleName: 'Azure.ML.PublicAccess',
          RuleId: 'AZR-000406',
          Outcome: 'Fail',
          TargetName: 'ws1',
          TargetType: 'Microsoft.MachineLearningServices/workspaces',
        },
      ],
      'a PSRule results export (RuleName, Outcome, TargetName), not the resources it checked',
    ],
    ['numbers.json', [1, 2, 3], 'a bare JSON array'],
    [
      'graph.json',
      {
        totalRecords: 1,
        count: 1,
        data: [{ id: WS, type: 'microsoft.machinelearningservices/workspaces', properties: {} }],
        facets: [],
        resultTruncated: 'false',
      },
      'an Azure Resource Graph result (az graph query)',
    ],
    [
      'template.json',
      { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [] },
      'an ARM template, which describes what to deploy, not what is deployed',
    ],
    [
      'plan.json',
      { format_version: '1.2', terraform_version: '1.9.0', planned_values: { root_module: {} }, resource_changes: [] },
      'a Terraform plan (terraform show -json)',
    ],
    [
      'list-response.json',
      { value: [{ id: WS, name: 'ws1', type: 'Microsoft.MachineLearningServices/workspaces', properties: {} }] },
      'a Resource Manager list response ({ "value": [...] })',
    ],
    [
      'report.json',
      { schemaVersion: 1, tool: { name: 'amlnet', version: '0.1.0' }, scope: { subscriptions: [SUB] }, workspaces: [], findings: [], summary: {} },
      'an amlnet report (audit --format json), which holds findings, not the resources',
    ],
    ['baseline.json', { schemaVersion: 1, kind: 'amlnet-baseline', findings: [] }, 'an amlnet baseline (pass it with --baseline)'],
    [
      'flattened-inside.json',
      {
        schemaVersion: 1,
        scope: { subscriptions: [SUB] },
        resources: [
          { id: VNET, name: 'vnet-hub', type: 'Microsoft.Network/virtualNetworks', properties: { addressSpace: {} } },
          { id: WS, name: 'ws1', type: 'Microsoft.MachineLearningServices/workspaces', resourceGroup: 'rg-ml', publicNetworkAccess: 'Disabled' },
        ],
        gaps: [],
      },
      'a file whose resources[1] is flattened as "az ... show" prints it ("resourceGroup" at the top level, no "properties")',
    ],
  ])('%s: exit 2, one line naming the file, its shape and what to pass', async (name, content, shape) => {
    const r = await audit(name, content);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`amlnet: error: snapshot ${join(dir, name)} is not an amlnet snapshot: it looks like ${shape}; ${WHAT_TO_PASS}`);
  });

  it('a real snapshot (ARM payloads, settings under "properties") is read', async () => {
    const r = await audit('real.json', {
      schemaVersion: 1,
      scope: { subscriptions: [SUB] },
      gaps: [],
      resources: [
        {
          id: WS,
          name: 'ws1',
          type: 'Microsoft.MachineLearningServices/workspaces',
          location: 'westeurope',
          properties: { publicNetworkAccess: 'Enabled' },
        },
      ],
    });
    expect(r.err).toBe('');
    expect([0, 1]).toContain(r.code);
  });
});
