/**
 * A tenant with two workspaces for the diagram and HTML report tests: `ws-private` done right
 * (test/support/scenarios.ts) and `ws-hub`, whose storage sits behind a private endpoint in a
 * peered data VNet and whose compute lives there too, so several rules fire and the diagram has
 * two VNets and a peering. The key vault's name is markup, as a hostile tenant could make a tag.
 */
import { privateWorkspace, SUB } from '../support/scenarios';
import { TenantBuilder } from '../../src/fixtures/builder';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

export function twoWorkspaceTenant() {
  const t = new TenantBuilder({ subscriptionId: SUB, resourceGroup: 'rg-ml', location: 'westeurope' });
  const priv = privateWorkspace({ t });
  const hub = t.vnet('vnet-hub', { addressPrefixes: ['10.20.0.0/16'], subnets: [{ name: 'snet-pe', prefix: '10.20.1.0/24' }] });
  const data = t.vnet('vnet-data', {
    addressPrefixes: ['10.30.0.0/16'],
    subnets: [
      { name: 'snet-data', prefix: '10.30.1.0/24' },
      { name: 'snet-train', prefix: '10.30.2.0/24' },
    ],
  });
  t.peer(hub, data);
  const storage = t.storage('sthubdata', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny', bypass: 'None' });
  const keyVault = t.keyVault(HOSTILE_NAME, { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  t.find(keyVault)!.tags = { owner: HOSTILE_NAME, 'cost-center': '4711' };
  const registry = t.registry('acrhub', { sku: 'Premium', publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  const ws = t.workspace('ws-hub', { storage, keyVault, registry, publicNetworkAccess: 'Disabled', imageBuildCompute: 'train' });
  const wsPe = t.privateEndpoint('pe-ws-hub', { subnet: hub.subnet('snet-pe'), target: ws, groupId: 'amlworkspace' });
  const stPe = t.privateEndpoint('pe-sthubdata-blob', { subnet: data.subnet('snet-data'), target: storage, groupId: 'blob' });
  const kvPe = t.privateEndpoint('pe-kv-hub', { subnet: hub.subnet('snet-pe'), target: keyVault, groupId: 'vault' });
  const acrPe = t.privateEndpoint('pe-acr-hub', { subnet: hub.subnet('snet-pe'), target: registry, groupId: 'registry' });
  const cluster = t.compute(ws, 'train', { type: 'AmlCompute', subnet: data.subnet('snet-train'), enableNodePublicIp: false });
  const instance = t.compute(ws, 'ci-far', {
    type: 'ComputeInstance',
    subnet: data.subnet('snet-train'),
    enableNodePublicIp: false,
    location: 'northeurope',
  });
  const endpoint = t.onlineEndpoint(ws, 'score', { publicNetworkAccess: 'Enabled' });
  return {
    t,
    priv,
    hub,
    data,
    ws,
    storage,
    keyVault,
    registry,
    wsPe,
    stPe,
    kvPe,
    acrPe,
    cluster,
    instance,
    endpoint,
    inventory: () => t.inventory(),
  };
}
