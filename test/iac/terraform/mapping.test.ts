/**
 * One case per azurerm type the rules need: the attributes as the provider's docs name them
 * (registry.terraform.io/providers/hashicorp/azurerm, 3.x and 4.x where they differ) and the GET
 * shape amlnet's model reads, as Microsoft's REST reference and the payloads in ../shared/arm-examples show it.
 */
import { terraformPlanFromText } from '../../../src/iac/terraform/read';
import type { Plan } from '../../../src/iac/plan';
import { constant, ref, TfPlan, TfResourceSpec } from '../../support/tfplan';

const SUB = '6b1f3d2a-5c4e-4f7a-9b8c-1d2e3f4a5b6c';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-ml`;
const N = `${RG}/providers/Microsoft.Network`;
const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`;
const SNET = `${N}/virtualNetworks/vnet-ml/subnets/snet-training`;

function plan(...resources: TfResourceSpec[]): Plan {
  const p = new TfPlan().provider('azurerm', { features: [{}], subscription_id: constant(SUB) });
  for (const r of resources) p.resource(r);
  return terraformPlanFromText('plan.json', p.text());
}
function only(p: Plan, id: string) {
  const r = p.upserts.find((u) => u.resource.id.toLowerCase() === id.toLowerCase());
  if (!r) throw new Error(`no upsert ${id}; have ${p.upserts.map((u) => u.resource.id).join(', ')}`);
  return r.resource;
}
const inRg = (after: Record<string, unknown>) => ({ resource_group_name: 'rg-ml', location: 'eastus', ...after });

describe('one mapping per type', () => {
  test.each<[string, TfResourceSpec, string, Record<string, unknown>]>([
    [
      'azurerm_machine_learning_workspace (3.x)',
      {
        type: 'azurerm_machine_learning_workspace',
        name: 'w',
        after: inRg({
          name: 'mlw',
          public_network_access_enabled: false,
          image_build_compute_name: 'builder',
          storage_account_id: `${RG}/providers/Microsoft.Storage/storageAccounts/st`,
          key_vault_id: `${RG}/providers/Microsoft.KeyVault/vaults/kv`,
          application_insights_id: `${RG}/providers/Microsoft.Insights/components/ai`,
          container_registry_id: null,
          identity: [{ type: 'SystemAssigned' }],
        }),
        unknown: { id: true, managed_network: true, identity: [{ principal_id: true }] },
      },
      WS,
      {
        type: 'Microsoft.MachineLearningServices/workspaces',
        kind: 'Default',
        identity: { type: 'SystemAssigned' },
        properties: {
          publicNetworkAccess: 'Disabled',
          imageBuildCompute: 'builder',
          storageAccount: `${RG}/providers/Microsoft.Storage/storageAccounts/st`,
          keyVault: `${RG}/providers/Microsoft.KeyVault/vaults/kv`,
          applicationInsights: `${RG}/providers/Microsoft.Insights/components/ai`,
        },
      },
    ],
    [
      'azurerm_machine_learning_workspace with a managed network (4.x)',
      {
        type: 'azurerm_machine_learning_workspace',
        name: 'w',
        after: inRg({ name: 'mlw', public_network_access_enabled: true, managed_network: [{ isolation_mode: 'AllowOnlyApprovedOutbound' }] }),
        unknown: { id: true },
      },
      WS,
      { properties: { publicNetworkAccess: 'Enabled', managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound', outboundRules: {} } } },
    ],
    [
      'azurerm_machine_learning_compute_instance (4.x: no location, node_public_ip_enabled)',
      {
        type: 'azurerm_machine_learning_compute_instance',
        name: 'ci',
        after: {
          name: 'ci-1',
          machine_learning_workspace_id: WS,
          virtual_machine_size: 'STANDARD_DS3_V2',
          subnet_resource_id: SNET,
          node_public_ip_enabled: false,
        },
        unknown: { id: true },
      },
      `${WS}/computes/ci-1`,
      {
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        properties: { computeType: 'ComputeInstance', properties: { vmSize: 'STANDARD_DS3_V2', subnet: { id: SNET }, enableNodePublicIp: false } },
      },
    ],
    [
      'azurerm_machine_learning_compute_cluster (node_public_ip_enabled left out: absent, which the model reads as the default true)',
      {
        type: 'azurerm_machine_learning_compute_cluster',
        name: 'cc',
        after: {
          name: 'cpu',
          location: 'eastus',
          machine_learning_workspace_id: WS,
          vm_size: 'STANDARD_DS2_V2',
          vm_priority: 'Dedicated',
          subnet_resource_id: SNET,
          scale_settings: [{ min_node_count: 0, max_node_count: 3 }],
        },
        unknown: { id: true },
      },
      `${WS}/computes/cpu`,
      {
        properties: {
          computeType: 'AmlCompute',
          computeLocation: 'eastus',
          properties: { vmSize: 'STANDARD_DS2_V2', subnet: { id: SNET }, scaleSettings: { minNodeCount: 0, maxNodeCount: 3 } },
        },
      },
    ],
    [
      'azurerm_machine_learning_inference_cluster',
      {
        type: 'azurerm_machine_learning_inference_cluster',
        name: 'aks',
        after: {
          name: 'aks-inf',
          location: 'eastus',
          machine_learning_workspace_id: WS,
          kubernetes_cluster_id: `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`,
        },
        unknown: { id: true },
      },
      `${WS}/computes/aks-inf`,
      { properties: { computeType: 'AKS', resourceId: `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`, isAttachedCompute: true } },
    ],
    [
      'azurerm_machine_learning_datastore_blobstorage',
      {
        type: 'azurerm_machine_learning_datastore_blobstorage',
        name: 'ds',
        after: {
          name: 'training',
          workspace_id: WS,
          storage_container_id: `${RG}/providers/Microsoft.Storage/storageAccounts/stdata/blobServices/default/containers/raw`,
          service_data_auth_identity: 'WorkspaceSystemAssignedIdentity',
        },
        unknown: { id: true },
      },
      `${WS}/datastores/training`,
      {
        properties: {
          datastoreType: 'AzureBlob',
          accountName: 'stdata',
          serviceDataAccessAuthIdentity: 'WorkspaceSystemAssignedIdentity',
          isDefault: false,
        },
      },
    ],
    [
      'azurerm_storage_account with network_rules',
      {
        type: 'azurerm_storage_account',
        name: 'st',
        after: inRg({
          name: 'stml',
          account_tier: 'Standard',
          account_replication_type: 'GRS',
          account_kind: 'StorageV2',
          is_hns_enabled: false,
          public_network_access_enabled: true,
          network_rules: [
            {
              default_action: 'Deny',
              bypass: ['AzureServices', 'Logging'],
              ip_rules: ['203.0.113.7'],
              virtual_network_subnet_ids: [SNET],
              private_link_access: [],
            },
          ],
        }),
        unknown: { id: true },
      },
      `${RG}/providers/Microsoft.Storage/storageAccounts/stml`,
      {
        kind: 'StorageV2',
        sku: { name: 'Standard_GRS' },
        properties: {
          publicNetworkAccess: 'Enabled',
          isHnsEnabled: false,
          networkAcls: {
            defaultAction: 'Deny',
            bypass: 'AzureServices, Logging',
            ipRules: [{ value: '203.0.113.7', action: 'Allow' }],
            virtualNetworkRules: [{ id: SNET, action: 'Allow' }],
          },
        },
      },
    ],
    [
      "azurerm_storage_account without network_rules: left to the overlay's server default",
      {
        type: 'azurerm_storage_account',
        name: 'st',
        after: inRg({ name: 'stml', account_tier: 'Standard', account_replication_type: 'LRS', public_network_access_enabled: true }),
        unknown: { id: true, network_rules: true },
      },
      `${RG}/providers/Microsoft.Storage/storageAccounts/stml`,
      { properties: { publicNetworkAccess: 'Enabled' } },
    ],
    [
      'azurerm_key_vault (3.x enable_rbac_authorization)',
      {
        type: 'azurerm_key_vault',
        name: 'kv',
        after: inRg({
          name: 'kv-ml',
          sku_name: 'premium',
          tenant_id: 't',
          enable_rbac_authorization: true,
          public_network_access_enabled: true,
          network_acls: [{ default_action: 'Deny', bypass: 'AzureServices', ip_rules: [], virtual_network_subnet_ids: [] }],
        }),
        unknown: { id: true },
      },
      `${RG}/providers/Microsoft.KeyVault/vaults/kv-ml`,
      {
        properties: {
          enableRbacAuthorization: true,
          publicNetworkAccess: 'Enabled',
          networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
        },
      },
    ],
    [
      'azurerm_key_vault (4.x rbac_authorization_enabled, no network_acls)',
      {
        type: 'azurerm_key_vault',
        name: 'kv',
        after: inRg({ name: 'kv-ml', sku_name: 'standard', tenant_id: 't', rbac_authorization_enabled: true, public_network_access_enabled: false }),
        unknown: { id: true, network_acls: true },
      },
      `${RG}/providers/Microsoft.KeyVault/vaults/kv-ml`,
      { properties: { enableRbacAuthorization: true, publicNetworkAccess: 'Disabled' } },
    ],
    [
      'azurerm_container_registry',
      {
        type: 'azurerm_container_registry',
        name: 'cr',
        after: inRg({
          name: 'crml',
          sku: 'Premium',
          admin_enabled: true,
          public_network_access_enabled: false,
          network_rule_bypass_option: 'AzureServices',
          network_rule_set: [{ default_action: 'Deny', ip_rule: [{ action: 'Allow', ip_range: '203.0.113.0/24' }] }],
        }),
        unknown: { id: true },
      },
      `${RG}/providers/Microsoft.ContainerRegistry/registries/crml`,
      {
        sku: { name: 'Premium' },
        properties: {
          publicNetworkAccess: 'Disabled',
          networkRuleBypassOptions: 'AzureServices',
          networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', value: '203.0.113.0/24' }] },
        },
      },
    ],
    [
      'azurerm_application_insights',
      { type: 'azurerm_application_insights', name: 'ai', after: inRg({ name: 'appi-ml', application_type: 'web' }), unknown: { id: true } },
      `${RG}/providers/Microsoft.Insights/components/appi-ml`,
      { type: 'Microsoft.Insights/components', location: 'eastus', kind: 'web' },
    ],
    [
      "azurerm_private_endpoint (a manual connection; its state is the overlay's server default)",
      {
        type: 'azurerm_private_endpoint',
        name: 'pe',
        after: inRg({
          name: 'pe-st',
          subnet_id: SNET,
          private_service_connection: [
            {
              name: 'psc',
              is_manual_connection: true,
              private_connection_resource_id: `${RG}/providers/Microsoft.Storage/storageAccounts/stx`,
              subresource_names: ['blob'],
              request_message: 'please',
            },
          ],
        }),
        unknown: { id: true },
      },
      `${N}/privateEndpoints/pe-st`,
      {
        properties: {
          subnet: { id: SNET },
          privateLinkServiceConnections: [],
          manualPrivateLinkServiceConnections: [
            { name: 'psc', properties: { privateLinkServiceId: `${RG}/providers/Microsoft.Storage/storageAccounts/stx`, groupIds: ['blob'] } },
          ],
        },
      },
    ],
    [
      'azurerm_private_dns_zone',
      {
        type: 'azurerm_private_dns_zone',
        name: 'z',
        after: { name: 'privatelink.api.azureml.ms', resource_group_name: 'rg-ml' },
        unknown: { id: true },
      },
      `${N}/privateDnsZones/privatelink.api.azureml.ms`,
      { type: 'Microsoft.Network/privateDnsZones', location: 'global' },
    ],
    [
      'azurerm_private_dns_zone_virtual_network_link',
      {
        type: 'azurerm_private_dns_zone_virtual_network_link',
        name: 'l',
        after: {
          name: 'link',
          resource_group_name: 'rg-ml',
          private_dns_zone_name: 'privatelink.api.azureml.ms',
          virtual_network_id: `${N}/virtualNetworks/vnet-ml`,
          registration_enabled: false,
        },
        unknown: { id: true },
      },
      `${N}/privateDnsZones/privatelink.api.azureml.ms/virtualNetworkLinks/link`,
      {
        type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        properties: { virtualNetwork: { id: `${N}/virtualNetworks/vnet-ml` }, registrationEnabled: false },
      },
    ],
    [
      'azurerm_virtual_network with inline subnets (3.x address_prefix, security_group)',
      {
        type: 'azurerm_virtual_network',
        name: 'v',
        after: inRg({
          name: 'vnet-ml',
          address_space: ['10.0.0.0/16'],
          dns_servers: ['10.0.0.4'],
          subnet: [{ name: 'snet-training', address_prefix: '10.0.1.0/24', security_group: `${N}/networkSecurityGroups/nsg` }],
        }),
        unknown: { id: true },
      },
      `${N}/virtualNetworks/vnet-ml`,
      {
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          dhcpOptions: { dnsServers: ['10.0.0.4'] },
          subnets: [
            {
              id: SNET,
              name: 'snet-training',
              properties: {
                addressPrefix: '10.0.1.0/24',
                addressPrefixes: ['10.0.1.0/24'],
                networkSecurityGroup: { id: `${N}/networkSecurityGroups/nsg` },
              },
            },
          ],
        },
      },
    ],
    [
      'azurerm_network_security_group with inline rules (the model adds the six default rules)',
      {
        type: 'azurerm_network_security_group',
        name: 'n',
        after: inRg({
          name: 'nsg',
          security_rule: [
            {
              name: 'AzureML',
              priority: 110,
              direction: 'Inbound',
              access: 'Allow',
              protocol: 'Tcp',
              source_port_range: '*',
              destination_port_range: '44224',
              source_address_prefix: 'AzureMachineLearning',
              destination_address_prefix: '*',
              source_port_ranges: [],
              destination_port_ranges: [],
              source_address_prefixes: [],
              destination_address_prefixes: [],
            },
          ],
        }),
        unknown: { id: true },
      },
      `${N}/networkSecurityGroups/nsg`,
      {
        properties: {
          securityRules: [
            {
              name: 'AzureML',
              properties: {
                priority: 110,
                direction: 'Inbound',
                access: 'Allow',
                protocol: 'Tcp',
                destinationPortRange: '44224',
                sourceAddressPrefix: 'AzureMachineLearning',
              },
            },
          ],
        },
      },
    ],
    [
      'azurerm_route_table (4.x bgp_route_propagation_enabled)',
      {
        type: 'azurerm_route_table',
        name: 'r',
        after: inRg({
          name: 'rt',
          bgp_route_propagation_enabled: false,
          route: [{ name: 'default', address_prefix: '0.0.0.0/0', next_hop_type: 'VirtualAppliance', next_hop_in_ip_address: '10.0.9.4' }],
        }),
        unknown: { id: true },
      },
      `${N}/routeTables/rt`,
      {
        properties: {
          disableBgpRoutePropagation: true,
          routes: [{ name: 'default', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.9.4' } }],
        },
      },
    ],
    [
      'azurerm_route_table (3.x disable_bgp_route_propagation)',
      { type: 'azurerm_route_table', name: 'r', after: inRg({ name: 'rt', disable_bgp_route_propagation: true, route: [] }), unknown: { id: true } },
      `${N}/routeTables/rt`,
      { properties: { disableBgpRoutePropagation: true, routes: [] } },
    ],
    [
      'azurerm_nat_gateway',
      { type: 'azurerm_nat_gateway', name: 'g', after: inRg({ name: 'nat', sku_name: 'Standard' }), unknown: { id: true } },
      `${N}/natGateways/nat`,
      { type: 'Microsoft.Network/natGateways', sku: { name: 'Standard' } },
    ],
    [
      'azurerm_firewall',
      {
        type: 'azurerm_firewall',
        name: 'f',
        after: inRg({
          name: 'fw',
          sku_name: 'AZFW_VNet',
          sku_tier: 'Standard',
          firewall_policy_id: `${N}/firewallPolicies/fwp`,
          ip_configuration: [{ name: 'cfg', subnet_id: `${N}/virtualNetworks/vnet-ml/subnets/AzureFirewallSubnet`, private_ip_address: '10.0.9.4' }],
        }),
        unknown: { id: true },
      },
      `${N}/azureFirewalls/fw`,
      {
        properties: {
          firewallPolicy: { id: `${N}/firewallPolicies/fwp` },
          ipConfigurations: [
            { name: 'cfg', properties: { subnet: { id: `${N}/virtualNetworks/vnet-ml/subnets/AzureFirewallSubnet` }, privateIPAddress: '10.0.9.4' } },
          ],
        },
      },
    ],
    [
      'azurerm_firewall_policy',
      {
        type: 'azurerm_firewall_policy',
        name: 'p',
        after: inRg({ name: 'fwp', sku: 'Standard', base_policy_id: null, dns: [{ proxy_enabled: true, servers: [] }] }),
        unknown: { id: true },
      },
      `${N}/firewallPolicies/fwp`,
      { properties: { sku: { tier: 'Standard' }, dnsSettings: { enableProxy: true } } },
    ],
    [
      'azurerm_firewall_policy_rule_collection_group',
      {
        type: 'azurerm_firewall_policy_rule_collection_group',
        name: 'g',
        after: {
          name: 'rcg',
          firewall_policy_id: `${N}/firewallPolicies/fwp`,
          priority: 200,
          network_rule_collection: [
            {
              name: 'aml',
              priority: 100,
              action: 'Allow',
              rule: [
                {
                  name: 'aml-443',
                  protocols: ['TCP'],
                  source_addresses: ['10.0.1.0/24'],
                  destination_addresses: ['AzureMachineLearning'],
                  destination_ports: ['443'],
                  source_ip_groups: [],
                  destination_ip_groups: [],
                  destination_fqdns: [],
                },
              ],
            },
          ],
        },
        unknown: { id: true },
      },
      `${N}/firewallPolicies/fwp/ruleCollectionGroups/rcg`,
      {
        properties: {
          priority: 200,
          ruleCollections: [
            {
              ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
              name: 'aml',
              priority: 100,
              action: { type: 'Allow' },
              rules: [
                {
                  ruleType: 'NetworkRule',
                  name: 'aml-443',
                  ipProtocols: ['TCP'],
                  sourceAddresses: ['10.0.1.0/24'],
                  destinationAddresses: ['AzureMachineLearning'],
                  destinationPorts: ['443'],
                },
              ],
            },
          ],
        },
      },
    ],
    [
      'azurerm_bastion_host',
      {
        type: 'azurerm_bastion_host',
        name: 'b',
        after: inRg({
          name: 'bas',
          sku: 'Standard',
          ip_configuration: [{ name: 'cfg', subnet_id: `${N}/virtualNetworks/vnet-ml/subnets/AzureBastionSubnet` }],
        }),
        unknown: { id: true },
      },
      `${N}/bastionHosts/bas`,
      {
        properties: {
          ipConfigurations: [{ name: 'cfg', properties: { subnet: { id: `${N}/virtualNetworks/vnet-ml/subnets/AzureBastionSubnet` } } }],
        },
      },
    ],
    [
      'azurerm_kubernetes_cluster (private, no public FQDN)',
      {
        type: 'azurerm_kubernetes_cluster',
        name: 'k',
        after: inRg({
          name: 'aks',
          dns_prefix: 'aks',
          private_cluster_enabled: true,
          private_cluster_public_fqdn_enabled: false,
          default_node_pool: [{ name: 'system', node_count: 3, vm_size: 'Standard_D4s_v5', vnet_subnet_id: SNET }],
          network_profile: [{ network_plugin: 'azure', outbound_type: 'userDefinedRouting' }],
          identity: [{ type: 'SystemAssigned' }],
        }),
        unknown: { id: true },
      },
      `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`,
      {
        properties: {
          agentPoolProfiles: [{ name: 'system', mode: 'System', vnetSubnetID: SNET }],
          apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false },
          networkProfile: { networkPlugin: 'azure', outboundType: 'userDefinedRouting' },
        },
      },
    ],
    [
      'azurerm_role_assignment by role name',
      {
        type: 'azurerm_role_assignment',
        name: 'ra',
        after: {
          name: '0f9b8c1e-2d3a-4b5c-8d7e-6f5a4b3c2d1e',
          scope: `${RG}/providers/Microsoft.Storage/storageAccounts/stml`,
          role_definition_name: 'Reader',
          principal_id: '11111111-2222-3333-4444-555555555555',
          principal_type: 'ServicePrincipal',
        },
        unknown: { id: true },
      },
      `${RG}/providers/Microsoft.Storage/storageAccounts/stml/providers/Microsoft.Authorization/roleAssignments/0f9b8c1e-2d3a-4b5c-8d7e-6f5a4b3c2d1e`,
      {
        properties: {
          scope: `${RG}/providers/Microsoft.Storage/storageAccounts/stml`,
          principalId: '11111111-2222-3333-4444-555555555555',
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
        },
      },
    ],
  ])('%s', (_name, spec, id, expected) => {
    const p = plan(spec);
    expect(only(p, id)).toMatchObject(expected);
    expect(p.unknowns).toEqual([]);
  });

  test('network rules the configuration leaves out are left out of the record: the overlay fills in the server default, one table for every input', () => {
    const p = plan(
      {
        type: 'azurerm_storage_account',
        name: 'st',
        after: inRg({ name: 'stml', account_tier: 'Standard', account_replication_type: 'LRS' }),
        unknown: { id: true, network_rules: true },
      },
      {
        type: 'azurerm_key_vault',
        name: 'kv',
        after: inRg({ name: 'kv-ml', sku_name: 'standard', tenant_id: 't' }),
        unknown: { id: true, network_acls: true },
      },
    );
    expect(p.upserts.map((u) => 'networkAcls' in u.resource.properties!)).toEqual([false, false]);
    expect(p.unknowns).toEqual([]);
  });

  test('network rules set from a value known only after apply are unknown, not defaulted', () => {
    const p = plan({
      type: 'azurerm_storage_account',
      name: 'st',
      after: inRg({ name: 'stml', account_tier: 'Standard', account_replication_type: 'LRS' }),
      unknown: { id: true, network_rules: true },
      expressions: { network_rules: ref('var.rules') },
    });
    expect(p.unknowns).toEqual([
      {
        resourceId: `${RG}/providers/Microsoft.Storage/storageAccounts/stml`,
        property: 'properties.networkAcls',
        reason: expect.stringContaining(
          'azurerm_storage_account.st.network_rules is known only after apply (through var.rules): root variable rules has no value in the plan',
        ),
      },
    ]);
  });

  test("a private endpoint's dns zone group is its own child resource, as ARM lists it", () => {
    const p = plan({
      type: 'azurerm_private_endpoint',
      name: 'pe',
      after: inRg({
        name: 'pe-ws',
        subnet_id: SNET,
        private_dns_zone_group: [
          {
            name: 'default',
            private_dns_zone_ids: [`${N}/privateDnsZones/privatelink.api.azureml.ms`, `${N}/privateDnsZones/privatelink.notebooks.azure.net`],
          },
        ],
        private_service_connection: [
          { name: 'psc', is_manual_connection: false, private_connection_resource_id: WS, subresource_names: ['amlworkspace'] },
        ],
      }),
      unknown: { id: true },
    });
    expect(only(p, `${N}/privateEndpoints/pe-ws/privateDnsZoneGroups/default`)).toEqual({
      id: `${N}/privateEndpoints/pe-ws/privateDnsZoneGroups/default`,
      name: 'default',
      type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
      properties: {
        privateDnsZoneConfigs: [
          { name: 'privatelink.api.azureml.ms', properties: { privateDnsZoneId: `${N}/privateDnsZones/privatelink.api.azureml.ms` } },
          { name: 'privatelink.notebooks.azure.net', properties: { privateDnsZoneId: `${N}/privateDnsZones/privatelink.notebooks.azure.net` } },
        ],
      },
    });
  });

  test('an azapi_resource body is already the ARM shape', () => {
    const p = plan({
      type: 'azapi_resource',
      name: 'ws',
      after: {
        type: 'Microsoft.MachineLearningServices/workspaces@2024-10-01',
        name: 'mlw',
        parent_id: RG,
        location: 'eastus',
        identity: [{ type: 'SystemAssigned' }],
        body: {
          kind: 'Default',
          properties: {
            publicNetworkAccess: 'Disabled',
            storageAccount: `${RG}/providers/Microsoft.Storage/storageAccounts/st`,
            managedNetwork: { isolationMode: 'AllowInternetOutbound' },
          },
        },
      },
      unknown: { id: true, identity: [{ principal_id: true }] },
    });
    expect(only(p, WS)).toMatchObject({
      id: WS,
      type: 'Microsoft.MachineLearningServices/workspaces',
      kind: 'Default',
      location: 'eastus',
      identity: { type: 'SystemAssigned' },
      properties: { publicNetworkAccess: 'Disabled', managedNetwork: { isolationMode: 'AllowInternetOutbound' } },
    });
  });

  test('an azapi 1.x body (a jsonencode string) with a child type under its parent', () => {
    const p = plan({
      type: 'azapi_resource',
      name: 'ci',
      after: {
        type: 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01',
        name: 'ci-1',
        parent_id: WS,
        location: 'eastus',
        body: JSON.stringify({ properties: { computeType: 'ComputeInstance', properties: { enableNodePublicIp: false, subnet: { id: SNET } } } }),
      },
      unknown: { id: true },
    });
    expect(only(p, `${WS}/computes/ci-1`)).toMatchObject({
      properties: { computeType: 'ComputeInstance', properties: { enableNodePublicIp: false, subnet: { id: SNET } } },
    });
  });

  test('an azapi body with a value known only after apply records that property as unknown', () => {
    const p = plan({
      type: 'azapi_resource',
      name: 'ws',
      after: {
        type: 'Microsoft.MachineLearningServices/workspaces@2024-10-01',
        name: 'mlw',
        parent_id: RG,
        location: 'eastus',
        body: { properties: { publicNetworkAccess: 'Disabled' } },
      },
      unknown: { id: true, body: { properties: { storageAccount: true } } },
      expressions: { body: ref('azurerm_storage_account.st.id') },
    });
    expect(p.unknowns).toEqual([
      {
        resourceId: WS,
        property: 'properties.storageAccount',
        reason: expect.stringContaining(
          'body.properties.storageAccount is known only after apply (the body refers to azurerm_storage_account.st.id, azurerm_storage_account.st',
        ),
      },
    ]);
  });

  test('types no rule reads are said once; types of a provider amlnet reads but does not map are each a note', () => {
    const p = plan(
      { type: 'azurerm_resource_group', name: 'rg', after: { name: 'rg-ml', location: 'eastus' }, unknown: { id: true } },
      { type: 'azurerm_linux_virtual_machine', name: 'vm', after: inRg({ name: 'vm' }), unknown: { id: true } },
      { type: 'azurerm_machine_learning_synapse_spark', name: 's', after: { name: 'spark' }, unknown: { id: true } },
      { type: 'random_string', name: 'r', after: {}, unknown: { result: true } },
    );
    expect(p.upserts).toEqual([]);
    expect(p.notes).toEqual([
      'azurerm_machine_learning_synapse_spark (1): amlnet does not map this type yet; a rule that would read it does not see it',
      'Not read by any rule, left out: azurerm_linux_virtual_machine (1), azurerm_resource_group (1), random_string (1)',
    ]);
  });
});

test('what the plan marks sensitive in an azapi body is not copied into the record', () => {
  const p = new TfPlan()
    .provider('azurerm', { features: [{}], subscription_id: constant(SUB) })
    .resource({
      type: 'azapi_resource',
      name: 'ds',
      after: {
        type: 'Microsoft.MachineLearningServices/workspaces/datastores@2024-10-01',
        name: 'blob',
        parent_id: WS,
        body: {
          properties: {
            datastoreType: 'AzureBlob',
            accountName: 'st',
            credentials: { credentialsType: 'AccountKey', secrets: { key: 'c2VjcmV0', secretsType: 'AccountKey' } },
          },
        },
      },
      unknown: { id: true },
    })
    .toJSON();
  p.resource_changes[0].change.after_sensitive = { body: { properties: { credentials: { secrets: true } } } };
  const plan = terraformPlanFromText('plan.json', JSON.stringify(p));
  expect(only(plan, `${WS}/datastores/blob`).properties).toEqual({
    datastoreType: 'AzureBlob',
    accountName: 'st',
    credentials: { credentialsType: 'AccountKey' },
  });
  expect(JSON.stringify(plan)).not.toContain('c2VjcmV0');
});
