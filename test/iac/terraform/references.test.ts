/**
 * References known only after apply, followed through the plan's configuration the way Terraform
 * evaluates them: module variables (the caller's expression), module outputs (the callee's), for_each
 * instance keys. Several candidates, a key the plan does not show, or a local stay unknown with the
 * reason: never the first candidate (what checkov and trivy do, landing every endpoint in one subnet).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTerraformPlan, terraformPlanFromText } from '../../../src/iac/terraform/read';
import type { Plan } from '../../../src/iac/plan';
import { constant, ref, TfExpression, TfPlan } from '../../support/tfplan';

const SUB = '6b1f3d2a-5c4e-4f7a-9b8c-1d2e3f4a5b6c';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-ml`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-ml`;

function read(plan: TfPlan): Plan {
  return terraformPlanFromText('plan.json', plan.text());
}
function record(p: Plan, id: string) {
  const r = p.upserts.find((u) => u.resource.id.toLowerCase() === id.toLowerCase());
  if (!r) throw new Error(`no upsert ${id}; have:\n${p.upserts.map((u) => u.resource.id).join('\n')}`);
  return r.resource;
}

/** A network module with two subnets, and a caller that passes one subnet id to a private endpoint module. */
function modulePlan(output: 'direct' | 'map' | 'for_each'): TfPlan {
  const p = new TfPlan()
    .dataSource({
      type: 'azurerm_client_config',
      name: 'current',
      after: { subscription_id: SUB, tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    })
    .resource({
      type: 'azurerm_virtual_network',
      name: 'main',
      module: 'module.network',
      after: { name: 'vnet-ml', resource_group_name: 'rg-ml', location: 'eastus', address_space: ['10.0.0.0/16'] },
      unknown: { id: true, subnet: true, dns_servers: true },
    });
  if (output === 'for_each') {
    for (const [k, prefix] of [
      ['pe', '10.0.1.0/24'],
      ['training', '10.0.2.0/24'],
    ]) {
      p.resource({
        type: 'azurerm_subnet',
        name: 'this',
        module: 'module.network',
        index: k,
        forEach: ref('var.subnets'),
        after: { name: `snet-${k}`, resource_group_name: 'rg-ml', virtual_network_name: 'vnet-ml', address_prefixes: [prefix] },
        unknown: { id: true },
        expressions: { name: ref('each.key'), virtual_network_name: ref('azurerm_virtual_network.main.name') },
      });
    }
  } else {
    for (const [k, prefix] of [
      ['pe', '10.0.1.0/24'],
      ['training', '10.0.2.0/24'],
    ]) {
      p.resource({
        type: 'azurerm_subnet',
        name: k,
        module: 'module.network',
        after: { name: `snet-${k}`, resource_group_name: 'rg-ml', virtual_network_name: 'vnet-ml', address_prefixes: [prefix] },
        unknown: { id: true },
        expressions: { virtual_network_name: ref('azurerm_virtual_network.main.name') },
      });
    }
  }
  const outputs: Record<string, TfExpression> =
    output === 'direct'
      ? { pe_subnet_id: ref('azurerm_subnet.pe.id') }
      : output === 'map'
        ? { subnet_ids: ref('azurerm_subnet.pe.id', 'azurerm_subnet.training.id') }
        : { subnet_ids: ref('azurerm_subnet.this') };
  p.module('module.network', { source: './modules/network', outputs, expressions: { subnets: ref('var.subnets') } });
  const passed = output === 'direct' ? ref('module.network.pe_subnet_id') : ref('module.network.subnet_ids["pe"]');
  p.module('module.endpoints', { source: './modules/endpoints', expressions: { subnet_id: passed, target_id: ref('azurerm_key_vault.kv.id') } });
  p.resource({
    type: 'azurerm_key_vault',
    name: 'kv',
    after: {
      name: 'kv-ml',
      resource_group_name: 'rg-ml',
      location: 'eastus',
      sku_name: 'standard',
      public_network_access_enabled: false,
      network_acls: [{ bypass: 'AzureServices', default_action: 'Deny', ip_rules: [], virtual_network_subnet_ids: [] }],
    },
    unknown: { id: true },
  });
  p.resource({
    type: 'azurerm_private_endpoint',
    name: 'kv',
    module: 'module.endpoints',
    after: {
      name: 'pe-kv',
      resource_group_name: 'rg-ml',
      location: 'eastus',
      private_service_connection: [{ name: 'psc', is_manual_connection: false, subresource_names: ['vault'] }],
    },
    unknown: { id: true, subnet_id: true, private_service_connection: [{ private_connection_resource_id: true }] },
    expressions: {
      subnet_id: ref('var.subnet_id'),
      private_service_connection: [{ private_connection_resource_id: ref('var.target_id'), is_manual_connection: constant(false) }],
    },
  });
  p.variables({ subnets: { pe: '10.0.1.0/24', training: '10.0.2.0/24' } });
  return p;
}

const PE = `${RG}/providers/Microsoft.Network/privateEndpoints/pe-kv`;
const KV = `${RG}/providers/Microsoft.KeyVault/vaults/kv-ml`;

describe('references through modules', () => {
  test("a module variable set from another module's output lands on the subnet that output names", () => {
    const p = read(modulePlan('direct'));
    const pe = record(p, PE);
    expect(pe.properties!.subnet).toEqual({ id: `${VNET}/subnets/snet-pe` });
    expect(pe.properties!.privateLinkServiceConnections[0].properties.privateLinkServiceId).toBe(KV);
    expect(p.unknowns).toEqual([]);
  });

  test('a map output whose keys the plan does not show is unknown, naming the candidates, not the first of them', () => {
    const p = read(modulePlan('map'));
    const pe = record(p, PE);
    expect(pe.properties!.subnet).toBeUndefined();
    expect(p.unknowns).toHaveLength(1);
    expect(p.unknowns[0]).toMatchObject({ resourceId: PE, property: 'properties.subnet.id' });
    expect(p.unknowns[0].reason).toContain('module.endpoints.azurerm_private_endpoint.kv.subnet_id is known only after apply');
    expect(p.unknowns[0].reason).toContain('ambiguous: the expression refers to 2 candidates (azurerm_subnet.pe.id, azurerm_subnet.training.id)');
    // The target still resolves: one candidate.
    expect(pe.properties!.privateLinkServiceConnections[0].properties.privateLinkServiceId).toBe(KV);
  });

  test("with --terraform-root, the map output's object constructor in the module's .tf says which key is which subnet", () => {
    const root = mkdtempSync(join(tmpdir(), 'amlnet-tfroot-'));
    mkdirSync(join(root, 'modules', 'network'), { recursive: true });
    writeFileSync(
      join(root, 'modules', 'network', 'outputs.tf'),
      [
        'output "subnet_ids" {',
        '  description = "subnet ids by role"',
        '  value = {',
        '    training = azurerm_subnet.training.id',
        '    "pe"     = azurerm_subnet.pe.id  # endpoints',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(join(root, 'tfplan.json'), modulePlan('map').text());
    const p = readTerraformPlan(join(root, 'tfplan.json'), { root });
    expect(record(p, PE).properties!.subnet).toEqual({ id: `${VNET}/subnets/snet-pe` });
    expect(p.unknowns).toEqual([]);
  });

  test('with --terraform-root, an output value that is not a plain object constructor leaves the lookup unknown', () => {
    const root = mkdtempSync(join(tmpdir(), 'amlnet-tfroot-'));
    mkdirSync(join(root, 'modules', 'network'), { recursive: true });
    writeFileSync(
      join(root, 'modules', 'network', 'outputs.tf'),
      'output "subnet_ids" {\n  value = {\n    pe = var.flip ? azurerm_subnet.training.id : azurerm_subnet.pe.id\n  }\n}\n',
    );
    writeFileSync(join(root, 'tfplan.json'), modulePlan('map').text());
    const p = readTerraformPlan(join(root, 'tfplan.json'), { root });
    expect(p.unknowns.map((u) => u.property)).toEqual(['properties.subnet.id']);
  });

  test('an output of a for_each resource looked up by one of its instance keys names that instance', () => {
    const p = read(modulePlan('for_each'));
    expect(record(p, PE).properties!.subnet).toEqual({ id: `${VNET}/subnets/snet-pe` });
    expect(p.unknowns).toEqual([]);
  });
});

describe('what stays unknown', () => {
  const base = () =>
    new TfPlan()
      .provider('azurerm', { features: [{}], subscription_id: constant(SUB) })
      .resource({
        type: 'azurerm_subnet',
        name: 'a',
        after: { name: 'a', resource_group_name: 'rg-ml', virtual_network_name: 'vnet-ml', address_prefixes: ['10.0.1.0/24'] },
        unknown: { id: true },
      })
      .resource({
        type: 'azurerm_subnet',
        name: 'counted',
        index: 0,
        count: constant(2),
        after: { name: 'c0', resource_group_name: 'rg-ml', virtual_network_name: 'vnet-ml', address_prefixes: ['10.0.3.0/24'] },
        unknown: { id: true },
      })
      .resource({
        type: 'azurerm_subnet',
        name: 'counted',
        index: 1,
        count: constant(2),
        after: { name: 'c1', resource_group_name: 'rg-ml', virtual_network_name: 'vnet-ml', address_prefixes: ['10.0.4.0/24'] },
        unknown: { id: true },
      })
      .resource({
        type: 'azurerm_virtual_network',
        name: 'v',
        after: { name: 'vnet-ml', resource_group_name: 'rg-ml', location: 'eastus', address_space: ['10.0.0.0/16'] },
        unknown: { id: true, subnet: true },
      });
  const endpoint = (subnetExpr: object) => ({
    type: 'azurerm_private_endpoint',
    name: 'pe',
    after: { name: 'pe', resource_group_name: 'rg-ml', location: 'eastus', private_service_connection: [] },
    unknown: { id: true, subnet_id: true },
    expressions: { subnet_id: subnetExpr },
  });

  test.each([
    ['a local value', ref('local.subnet_id'), "local.subnet_id: local values are not in the plan's JSON"],
    ['a counted resource without an index', ref('azurerm_subnet.counted[*].id'), "a splat over azurerm_subnet.counted's instances"],
    [
      'a conditional between two subnets',
      ref('azurerm_subnet.a.id', 'azurerm_subnet.counted[1].id'),
      'ambiguous: the expression refers to 2 candidates (azurerm_subnet.a.id, azurerm_subnet.counted[1].id)',
    ],
    [
      'an index taken from a variable',
      ref('azurerm_subnet.counted', 'var.which'),
      'ambiguous: the expression refers to 2 candidates (azurerm_subnet.counted, var.which)',
    ],
  ])('%s is unknown with the reason', (_what, expr, reason) => {
    const p = read(base().resource(endpoint(expr)));
    expect(p.unknowns.map((u) => u.property)).toEqual(['properties.subnet.id']);
    expect(p.unknowns[0].reason).toContain(reason);
  });

  test('an index that names one counted instance resolves to it', () => {
    const p = read(base().resource(endpoint(ref('azurerm_subnet.counted[1].id'))));
    expect(record(p, `${RG}/providers/Microsoft.Network/privateEndpoints/pe`).properties!.subnet).toEqual({ id: `${VNET}/subnets/c1` });
    expect(p.unknowns).toEqual([]);
  });
});

describe('identities created at apply', () => {
  test("a role assignment to the workspace's own identity meets that workspace's principal", () => {
    const p = read(
      new TfPlan()
        .provider('azurerm', { features: [{}], subscription_id: constant(SUB) })
        .resource({
          type: 'azurerm_machine_learning_workspace',
          name: 'ws',
          after: {
            name: 'mlw',
            resource_group_name: 'rg-ml',
            location: 'eastus',
            public_network_access_enabled: true,
            identity: [{ type: 'SystemAssigned' }],
            storage_account_id: `${RG}/providers/Microsoft.Storage/storageAccounts/st`,
            key_vault_id: KV,
            application_insights_id: `${RG}/providers/Microsoft.Insights/components/ai`,
          },
          unknown: { id: true, identity: [{ principal_id: true, tenant_id: true }] },
          expressions: { identity: [{ type: constant('SystemAssigned') }] },
        })
        .resource({
          type: 'azurerm_role_assignment',
          name: 'reader',
          after: { role_definition_name: 'Storage Blob Data Reader', scope: `${RG}/providers/Microsoft.Storage/storageAccounts/st` },
          unknown: { id: true, name: true, principal_id: true },
          expressions: { principal_id: ref('azurerm_machine_learning_workspace.ws.identity[0].principal_id') },
        }),
    );
    const ws = record(p, `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`);
    const ra = p.upserts.find((u) => u.resource.type === 'Microsoft.Authorization/roleAssignments')!.resource;
    expect(ws.identity!.principalId).toBeDefined();
    expect(ra.properties!.principalId).toBe(ws.identity!.principalId);
    expect(ra.properties!.roleDefinitionId).toBe(
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`,
    );
    expect(ra.properties!.scope).toBe(`${RG}/providers/Microsoft.Storage/storageAccounts/st`);
  });
});
