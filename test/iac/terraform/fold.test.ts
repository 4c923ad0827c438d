/**
 * Split resources fold into their parent the way a GET shows it, whether the parent is planned or
 * exists (copied from the base and upserted, changed); deletes leave the base; no-op confirms it;
 * data sources are looked up in the base, and what is in neither is a MissingReference naming it.
 */
import { terraformPlanFromText } from '../../../src/iac/terraform/read';
import type { Plan } from '../../../src/iac/plan';
import type { Inventory } from '../../../src/model/inventory';
import { overlayPlan } from '../../../src/iac/overlay';
import { constant, ref, TfPlan } from '../../support/tfplan';

const SUB = '6b1f3d2a-5c4e-4f7a-9b8c-1d2e3f4a5b6c';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-net`;
const N = `${RG}/providers/Microsoft.Network`;
const HUB = `${N}/virtualNetworks/vnet-hub`;

/** An existing hub VNet (one subnet, no NSG), an NSG, a storage account: what a scan would have read. */
function base(): Inventory {
  return {
    schemaVersion: 1,
    cloud: 'AzureCloud',
    scope: { subscriptions: [SUB] },
    gaps: [],
    resources: [
      {
        id: HUB,
        name: 'vnet-hub',
        type: 'Microsoft.Network/virtualNetworks',
        location: 'eastus',
        properties: {
          addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
          subnets: [{ id: `${HUB}/subnets/snet-shared`, name: 'snet-shared', properties: { addressPrefix: '10.1.0.0/24' } }],
          virtualNetworkPeerings: [],
        },
      },
      {
        id: `${N}/networkSecurityGroups/nsg-hub`,
        name: 'nsg-hub',
        type: 'Microsoft.Network/networkSecurityGroups',
        location: 'eastus',
        properties: {
          securityRules: [
            {
              name: 'old',
              properties: {
                priority: 100,
                direction: 'Inbound',
                access: 'Allow',
                protocol: '*',
                sourceAddressPrefix: '*',
                destinationPortRange: '*',
              },
            },
          ],
        },
      },
      {
        id: `${RG}/providers/Microsoft.Storage/storageAccounts/sthub`,
        name: 'sthub',
        type: 'Microsoft.Storage/storageAccounts',
        location: 'eastus',
        kind: 'StorageV2',
        properties: { publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' } },
      },
    ],
  };
}
const read = (p: TfPlan, b?: Inventory): Plan => terraformPlanFromText('plan.json', p.text(), { base: b });
const upsert = (p: Plan, id: string) => p.upserts.find((u) => u.resource.id.toLowerCase() === id.toLowerCase());
const existing = () => new TfPlan().dataSource({ type: 'azurerm_client_config', name: 'current', after: { subscription_id: SUB } });

describe('folding into the base', () => {
  test('a new subnet and its NSG association change the existing VNet: the plan upserts it with both', () => {
    const p = read(
      existing()
        .dataSource({ type: 'azurerm_virtual_network', name: 'hub', after: { id: HUB, name: 'vnet-hub', resource_group_name: 'rg-net' } })
        .resource({
          type: 'azurerm_subnet',
          name: 'ml',
          after: { name: 'snet-ml', resource_group_name: 'rg-net', virtual_network_name: 'vnet-hub', address_prefixes: ['10.1.4.0/24'] },
          unknown: { id: true },
          expressions: { virtual_network_name: ref('data.azurerm_virtual_network.hub.name') },
        })
        .resource({
          type: 'azurerm_subnet_network_security_group_association',
          name: 'ml',
          after: { network_security_group_id: `${N}/networkSecurityGroups/nsg-hub` },
          unknown: { id: true, subnet_id: true },
          expressions: { subnet_id: ref('azurerm_subnet.ml.id') },
        }),
      base(),
    );
    const vnet = upsert(p, HUB)!;
    expect(vnet.source).toMatchObject({ kind: 'terraform-plan', file: 'plan.json', name: 'azurerm_subnet.ml' });
    expect(vnet.resource.properties!.subnets).toEqual([
      { id: `${HUB}/subnets/snet-shared`, name: 'snet-shared', properties: { addressPrefix: '10.1.0.0/24' } },
      {
        id: `${HUB}/subnets/snet-ml`,
        name: 'snet-ml',
        type: 'Microsoft.Network/virtualNetworks/subnets',
        properties: {
          addressPrefix: '10.1.4.0/24',
          addressPrefixes: ['10.1.4.0/24'],
          networkSecurityGroup: { id: `${N}/networkSecurityGroups/nsg-hub` },
          serviceEndpoints: [],
          delegations: [],
        },
      },
    ]);
    expect(p.missing).toEqual([]);
    expect(p.unknowns).toEqual([]);
  });

  test('a security rule written separately is added to the existing NSG, its own rules kept', () => {
    const p = read(
      existing().resource({
        type: 'azurerm_network_security_rule',
        name: 'aml',
        after: {
          name: 'AzureML',
          resource_group_name: 'rg-net',
          network_security_group_name: 'nsg-hub',
          priority: 110,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          source_port_range: '*',
          destination_port_range: '44224',
          source_address_prefix: 'AzureMachineLearning',
          destination_address_prefix: '*',
        },
        unknown: { id: true },
      }),
      base(),
    );
    const rules = upsert(p, `${N}/networkSecurityGroups/nsg-hub`)!.resource.properties!.securityRules;
    expect(rules.map((r: { name: string }) => r.name)).toEqual(['old', 'AzureML']);
    expect(rules[1].properties).toMatchObject({ priority: 110, destinationPortRange: '44224', sourceAddressPrefix: 'AzureMachineLearning' });
  });

  test("azurerm_storage_account_network_rules replaces the account's networkAcls", () => {
    const st = `${RG}/providers/Microsoft.Storage/storageAccounts/sthub`;
    const p = read(
      existing().resource({
        type: 'azurerm_storage_account_network_rules',
        name: 'r',
        after: {
          storage_account_id: st,
          default_action: 'Deny',
          bypass: ['AzureServices'],
          ip_rules: [],
          virtual_network_subnet_ids: [`${HUB}/subnets/snet-shared`],
          private_link_access: [],
        },
        unknown: { id: true },
      }),
      base(),
    );
    expect(upsert(p, st)!.resource.properties!.networkAcls).toEqual({
      defaultAction: 'Deny',
      bypass: 'AzureServices',
      ipRules: [],
      virtualNetworkRules: [{ id: `${HUB}/subnets/snet-shared`, action: 'Allow' }],
      resourceAccessRules: [],
    });
  });

  test('a peering from a planned VNet to an existing one; workspace outbound rules into a planned workspace', () => {
    const ws = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`;
    const p = read(
      existing()
        .resource({
          type: 'azurerm_virtual_network',
          name: 'spoke',
          after: { name: 'vnet-spoke', resource_group_name: 'rg-net', location: 'eastus', address_space: ['10.2.0.0/16'] },
          unknown: { id: true, subnet: true },
        })
        .resource({
          type: 'azurerm_virtual_network_peering',
          name: 'to_hub',
          after: { name: 'spoke-to-hub', resource_group_name: 'rg-net', virtual_network_name: 'vnet-spoke', remote_virtual_network_id: HUB },
          unknown: { id: true },
        })
        .resource({
          type: 'azurerm_machine_learning_workspace',
          name: 'ws',
          after: {
            name: 'mlw',
            resource_group_name: 'rg-net',
            location: 'eastus',
            public_network_access_enabled: false,
            managed_network: [{ isolation_mode: 'AllowOnlyApprovedOutbound' }],
          },
          unknown: { id: true },
        })
        .resource({
          type: 'azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint',
          name: 'st',
          after: {
            name: 'st-blob',
            service_resource_id: `${RG}/providers/Microsoft.Storage/storageAccounts/sthub`,
            sub_resource_target: 'blob',
            spark_enabled: false,
          },
          unknown: { id: true, workspace_id: true },
          expressions: { workspace_id: ref('azurerm_machine_learning_workspace.ws.id') },
        })
        .resource({
          type: 'azurerm_machine_learning_workspace_network_outbound_rule_fqdn',
          name: 'pypi',
          after: { name: 'pypi', destination_fqdn: 'pypi.org' },
          unknown: { id: true, workspace_id: true },
          expressions: { workspace_id: ref('azurerm_machine_learning_workspace.ws.id') },
        }),
      base(),
    );
    expect(upsert(p, `${N}/virtualNetworks/vnet-spoke`)!.resource.properties!.virtualNetworkPeerings).toEqual([
      {
        id: `${N}/virtualNetworks/vnet-spoke/virtualNetworkPeerings/spoke-to-hub`,
        name: 'spoke-to-hub',
        properties: {
          remoteVirtualNetwork: { id: HUB },
          peeringState: 'Initiated',
          allowVirtualNetworkAccess: true,
          allowForwardedTraffic: false,
          allowGatewayTransit: false,
          useRemoteGateways: false,
        },
      },
    ]);
    expect(upsert(p, ws)!.resource.properties!.managedNetwork).toEqual({
      isolationMode: 'AllowOnlyApprovedOutbound',
      outboundRules: {
        'st-blob': {
          type: 'PrivateEndpoint',
          category: 'UserDefined',
          destination: {
            serviceResourceId: `${RG}/providers/Microsoft.Storage/storageAccounts/sthub`,
            subresourceTarget: 'blob',
            sparkEnabled: false,
          },
        },
        pypi: { type: 'FQDN', category: 'UserDefined', destination: 'pypi.org' },
      },
    });
  });
});

describe('deletes and no-op', () => {
  test('deleting a resource lists its id; deleting a subnet removes it from the existing VNet', () => {
    const p = read(
      existing()
        .resource({
          type: 'azurerm_network_security_group',
          name: 'hub',
          actions: ['delete'],
          before: { id: `${N}/networkSecurityGroups/nsg-hub`, name: 'nsg-hub', resource_group_name: 'rg-net' },
        })
        .resource({
          type: 'azurerm_subnet',
          name: 'shared',
          actions: ['delete'],
          before: { id: `${HUB}/subnets/snet-shared`, name: 'snet-shared', resource_group_name: 'rg-net', virtual_network_name: 'vnet-hub' },
        }),
      base(),
    );
    expect(p.deletes).toEqual([
      {
        id: `${N}/networkSecurityGroups/nsg-hub`,
        source: { kind: 'terraform-plan', file: 'plan.json', name: 'azurerm_network_security_group.hub', line: expect.any(Number) },
      },
    ]);
    expect(upsert(p, HUB)!.resource.properties!.subnets).toEqual([]);
  });

  test('a no-op resource is upserted as planned: it confirms the base', () => {
    const p = read(
      existing().resource({
        type: 'azurerm_key_vault',
        name: 'kv',
        actions: ['no-op'],
        before: { id: `${RG}/providers/Microsoft.KeyVault/vaults/kv-hub` },
        after: {
          id: `${RG}/providers/Microsoft.KeyVault/vaults/kv-hub`,
          name: 'kv-hub',
          resource_group_name: 'rg-net',
          location: 'eastus',
          public_network_access_enabled: false,
          network_acls: [{ bypass: 'AzureServices', default_action: 'Deny', ip_rules: [], virtual_network_subnet_ids: [] }],
        },
      }),
      base(),
    );
    expect(upsert(p, `${RG}/providers/Microsoft.KeyVault/vaults/kv-hub`)!.resource.properties).toMatchObject({
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
    });
  });
});

describe('data sources and missing references', () => {
  const pe = (subnet: string) => ({
    type: 'azurerm_private_endpoint',
    name: 'pe',
    after: {
      name: 'pe-st',
      resource_group_name: 'rg-net',
      location: 'eastus',
      private_service_connection: [
        {
          name: 'psc',
          is_manual_connection: false,
          private_connection_resource_id: `${RG}/providers/Microsoft.Storage/storageAccounts/sthub`,
          subresource_names: ['blob'],
        },
      ],
    },
    unknown: { id: true, subnet_id: true },
    expressions: { subnet_id: ref(subnet) },
  });

  test('a data.azurerm_subnet the base holds: the endpoint lands in it, nothing is missing', () => {
    const p = read(
      existing()
        .dataSource({
          type: 'azurerm_subnet',
          name: 'shared',
          after: { id: `${HUB}/subnets/snet-shared`, name: 'snet-shared', virtual_network_name: 'vnet-hub', resource_group_name: 'rg-net' },
        })
        .resource(pe('data.azurerm_subnet.shared.id')),
      base(),
    );
    expect(upsert(p, `${N}/privateEndpoints/pe-st`)!.resource.properties!.subnet).toEqual({ id: `${HUB}/subnets/snet-shared` });
    expect(p.missing).toEqual([]);
  });

  test('a data.azurerm_subnet absent from the base is a MissingReference naming the data source', () => {
    const gone = `${HUB}/subnets/snet-gone`;
    const p = read(
      existing()
        .dataSource({
          type: 'azurerm_subnet',
          name: 'gone',
          after: { id: gone, name: 'snet-gone', virtual_network_name: 'vnet-hub', resource_group_name: 'rg-net' },
        })
        .resource(pe('data.azurerm_subnet.gone.id')),
      base(),
    );
    expect(p.missing).toEqual([
      {
        id: gone,
        from: { kind: 'terraform-plan', file: 'plan.json', name: 'data.azurerm_subnet.gone', line: expect.any(Number) },
        reason: `data.azurerm_subnet.gone reads ${gone}, which is not in the base (scan or snapshot)`,
      },
    ]);
  });

  test('without a base, the data source is missing and says no base was given', () => {
    const p = read(
      existing()
        .dataSource({
          type: 'azurerm_subnet',
          name: 'shared',
          after: { id: `${HUB}/subnets/snet-shared`, name: 'snet-shared', virtual_network_name: 'vnet-hub', resource_group_name: 'rg-net' },
        })
        .resource(pe('data.azurerm_subnet.shared.id')),
    );
    expect(p.missing.map((m) => [m.id, m.from.name])).toEqual([[`${HUB}/subnets/snet-shared`, 'data.azurerm_subnet.shared']]);
    expect(p.missing[0].reason).toContain('no base was given (--subscription or --snapshot)');
  });

  test('a subnet id written as a string that neither the plan nor the base holds: a gap once laid over the base', () => {
    const other = `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Network/virtualNetworks/vnet-x/subnets/a`;
    const p = read(existing().resource({ ...pe('var.x'), after: { ...pe('var.x').after, subnet_id: other }, unknown: { id: true } }), base());
    // The overlay checks every id a planned resource points at, for every input alike.
    const gaps = overlayPlan(base(), p, { cloud: 'AzureCloud', subscriptions: [SUB] }).inventory.gaps;
    expect(gaps.filter((g) => g.scope === other).map((g) => [g.kind, g.code])).toEqual([['virtualNetworks', 'NotInChangeOrBase']]);
  });
});

describe('subscription of the ids', () => {
  const kv = {
    type: 'azurerm_key_vault',
    name: 'kv',
    after: { name: 'kv1', resource_group_name: 'rg', location: 'eastus', public_network_access_enabled: false },
    unknown: { id: true, network_acls: true },
  };
  test("the provider block's subscription_id, an aliased provider's for its resources", () => {
    const p = read(
      new TfPlan()
        .provider('azurerm', { features: [{}], subscription_id: constant('11111111-1111-1111-1111-111111111111') })
        .provider('azurerm.hub', { features: [{}], subscription_id: constant('22222222-2222-2222-2222-222222222222') })
        .resource(kv)
        .resource({ ...kv, name: 'hubkv', after: { ...kv.after, name: 'kv2' }, providerKey: 'azurerm.hub' }),
    );
    expect(p.upserts.map((u) => u.resource.id)).toEqual([
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1',
      '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv2',
    ]);
  });
  test("the base's only subscription, else the placeholder, said in the notes", () => {
    expect(read(new TfPlan().resource(kv), base()).upserts[0].resource.id).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1`,
    );
    const alone = read(new TfPlan().resource(kv));
    expect(alone.upserts[0].resource.id).toBe(
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1',
    );
    expect(alone.notes).toContain(
      'No subscription in the plan (data.azurerm_client_config, provider subscription_id) or a base with one subscription: ids use 00000000-0000-0000-0000-000000000000',
    );
  });
});
