/**
 * Reusable tenants for tests. `privateWorkspace()` is the seed article's recommended setup done
 * right (every dependency behind private endpoints in one VNet, DNS zones linked, compute in
 * that VNet without public IPs, outbound through a NAT gateway); tests break one thing at a time.
 */
import { TenantBuilder, type VnetRef } from '../../src/fixtures/builder';

export const SUB = '00000000-0000-0000-0000-000000000001';
export const SUB2 = '00000000-0000-0000-0000-000000000002';

export interface PrivateWorkspace {
  t: TenantBuilder;
  vnet: VnetRef;
  ws: string;
  storage: string;
  keyVault: string;
  registry: string;
  cluster: string;
  instance: string;
  peSubnet: string;
  computeSubnet: string;
  nsg: string;
  nat: string;
  zones: Record<string, string>;
  principalId: string;
  inventory(): ReturnType<TenantBuilder['inventory']>;
}

export function privateWorkspace(opts: { name?: string; t?: TenantBuilder } = {}): PrivateWorkspace {
  const name = opts.name ?? 'ws-private';
  const t = opts.t ?? new TenantBuilder({ subscriptionId: SUB, resourceGroup: 'rg-ml', location: 'westeurope' });
  const nsg = t.nsg(`nsg-${name}-compute`, [
    {
      name: 'AllowAzureMLInbound',
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: 'AzureMachineLearning',
      destinationPort: '44224',
    },
  ]);
  const nat = t.natGateway(`nat-${name}`);
  const vnet = t.vnet(`vnet-${name}`, {
    addressPrefixes: ['10.10.0.0/16'],
    subnets: [
      { name: 'snet-pe', prefix: '10.10.1.0/24' },
      { name: 'snet-compute', prefix: '10.10.2.0/24', nsg, natGateway: nat },
    ],
  });
  const peSubnet = vnet.subnet('snet-pe');
  const computeSubnet = vnet.subnet('snet-compute');
  const zoneNames = [
    'privatelink.api.azureml.ms',
    'privatelink.notebooks.azure.net',
    'privatelink.blob.core.windows.net',
    'privatelink.file.core.windows.net',
    'privatelink.vaultcore.azure.net',
    'privatelink.azurecr.io',
  ];
  const zones: Record<string, string> = {};
  // A second workspace in the same tenant shares the zones and links them to its own VNet too.
  for (const z of zoneNames) {
    const existing = t.id('Microsoft.Network', 'privateDnsZones', z);
    if (t.find(existing)) {
      t.linkZone(existing, vnet.id);
      zones[z] = existing;
    } else zones[z] = t.privateDnsZone(z, [vnet.id]);
  }
  const stName = `st${name.replace(/[^a-z0-9]/g, '')}`.slice(0, 24);
  const storage = t.storage(stName, { publicNetworkAccess: 'Disabled', defaultAction: 'Deny', bypass: 'AzureServices' });
  const keyVault = t.keyVault(`kv-${name}`, { publicNetworkAccess: 'Disabled', defaultAction: 'Deny', bypass: 'AzureServices' });
  const registry = t.registry(`acr${name.replace(/[^a-z0-9]/g, '')}`, { sku: 'Premium', publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  const principalId = `${name}-principal`;
  const ws = t.workspace(name, { storage, keyVault, registry, publicNetworkAccess: 'Disabled', imageBuildCompute: 'cpu-cluster', principalId });
  t.privateEndpoint(`pe-${name}`, {
    subnet: peSubnet,
    target: ws,
    groupId: 'amlworkspace',
    zones: [zones['privatelink.api.azureml.ms'], zones['privatelink.notebooks.azure.net']],
  });
  t.privateEndpoint(`pe-${stName}-blob`, { subnet: peSubnet, target: storage, groupId: 'blob', zones: [zones['privatelink.blob.core.windows.net']] });
  t.privateEndpoint(`pe-${stName}-file`, { subnet: peSubnet, target: storage, groupId: 'file', zones: [zones['privatelink.file.core.windows.net']] });
  t.privateEndpoint(`pe-kv-${name}`, { subnet: peSubnet, target: keyVault, groupId: 'vault', zones: [zones['privatelink.vaultcore.azure.net']] });
  t.privateEndpoint(`pe-acr-${name}`, { subnet: peSubnet, target: registry, groupId: 'registry', zones: [zones['privatelink.azurecr.io']] });
  const cluster = t.compute(ws, 'cpu-cluster', { type: 'AmlCompute', subnet: computeSubnet, enableNodePublicIp: false });
  const instance = t.compute(ws, `ci-${name}`, { type: 'ComputeInstance', subnet: computeSubnet, enableNodePublicIp: false });
  t.datastore(ws, 'workspaceblobstore', { accountName: stName, isDefault: true, identity: 'WorkspaceSystemAssignedIdentity' });
  t.datastore(ws, 'workspacefilestore', { type: 'AzureFile', accountName: stName, identity: 'WorkspaceSystemAssignedIdentity' });
  // Studio through the workspace identity (AMLNET302): blob data read on the account, Reader on its endpoints.
  t.roleAssignment(storage, principalId, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1');
  t.roleAssignment(`/subscriptions/${t.sub}/resourceGroups/${t.rg}`, principalId, 'acdd72a7-3385-48ef-bd42-f606fba81ae7');
  return {
    t,
    vnet,
    ws,
    storage,
    keyVault,
    registry,
    cluster,
    instance,
    peSubnet,
    computeSubnet,
    nsg,
    nat,
    zones,
    principalId,
    inventory: () => t.inventory(),
  };
}
