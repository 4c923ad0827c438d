/**
 * The overlay on its own: replace by id (case-insensitively), delete with children, children folded
 * into their parent as a GET returns them, server-side defaults, and gaps for what the change cannot
 * know (only where a rule reads it) and for references neither planned nor in the base.
 */
import type { ArmResource, Inventory } from '../../src/model/inventory';
import type { Plan } from '../../src/iac/plan';
import { overlayPlan } from '../../src/iac/overlay';

const SUB = '00000000-0000-0000-0000-000000000000';
const RG = `/subscriptions/${SUB}/resourceGroups/rg1/providers`;
const VNET = `${RG}/Microsoft.Network/virtualNetworks/hub`;
const NSG = `${RG}/Microsoft.Network/networkSecurityGroups/nsg1`;
const ST = `${RG}/Microsoft.Storage/storageAccounts/st1`;
const src = (name: string, line?: number) => ({ kind: 'template' as const, file: 't.json', name, ...(line ? { line } : {}) });

function base(resources: ArmResource[]): Inventory {
  return { schemaVersion: 1, cloud: 'AzureCloud', scope: { subscriptions: [SUB] }, resources, gaps: [] };
}
function plan(upserts: ArmResource[], extra: Partial<Plan> = {}): Plan {
  return {
    kind: 'template',
    file: 't.json',
    upserts: upserts.map((r, i) => ({ resource: r, source: src(r.id, i + 1) })),
    deletes: [],
    unknowns: [],
    missing: [],
    notes: [],
    ...extra,
  };
}
const get = (inv: Inventory, id: string) => inv.resources.find((r) => r.id.toLowerCase() === id.toLowerCase());

test('a planned resource replaces the base resource with its id, whatever the casing; a delete removes it and its children', () => {
  const b = base([
    { id: ST, type: 'Microsoft.Storage/storageAccounts', properties: { networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' } } },
    { id: VNET, type: 'Microsoft.Network/virtualNetworks', properties: { subnets: [] } },
    { id: `${NSG}`, type: 'Microsoft.Network/networkSecurityGroups', properties: {} },
    { id: `${NSG}/securityRules/r1`, type: 'Microsoft.Network/networkSecurityGroups/securityRules', properties: {} },
  ]);
  const p = plan(
    [{ id: ST.toUpperCase(), type: 'Microsoft.Storage/storageAccounts', properties: { networkAcls: { defaultAction: 'Deny', bypass: 'None' } } }],
    { deletes: [{ id: NSG, source: src(NSG) }] },
  );
  const { inventory, sources } = overlayPlan(b, p, { cloud: 'AzureCloud', subscriptions: [SUB] });
  expect(inventory.resources.map((r) => r.id)).toEqual([ST.toUpperCase(), VNET]);
  expect(get(inventory, ST)!.properties!.networkAcls).toEqual({ defaultAction: 'Deny', bypass: 'None' });
  expect(sources.get(ST.toLowerCase())).toEqual(src(ST.toUpperCase(), 1));
  // The base is not changed by the overlay.
  expect(b.resources[0].properties!.networkAcls.defaultAction).toBe('Allow');
});

test('subnets and security rules written on their own are folded into their parent, replacing one of the same name', () => {
  const b = base([
    {
      id: VNET,
      type: 'Microsoft.Network/virtualNetworks',
      properties: { subnets: [{ id: `${VNET}/subnets/a`, name: 'a', properties: { addressPrefix: '10.0.0.0/24' } }] },
    },
  ]);
  const p = plan([
    {
      id: `${VNET}/subnets/A`,
      name: 'A',
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: { addressPrefix: '10.0.9.0/24', networkSecurityGroup: { id: NSG } },
    },
    { id: NSG, type: 'Microsoft.Network/networkSecurityGroups', properties: {} },
    {
      id: `${NSG}/securityRules/deny-internet`,
      name: 'deny-internet',
      type: 'Microsoft.Network/networkSecurityGroups/securityRules',
      properties: { priority: 100, direction: 'Outbound', access: 'Deny' },
    },
  ]);
  const { inventory, sources } = overlayPlan(b, p, { cloud: 'AzureCloud', subscriptions: [SUB] });
  expect(get(inventory, VNET)!.properties!.subnets).toEqual([
    { id: `${VNET}/subnets/A`, name: 'A', properties: { addressPrefix: '10.0.9.0/24', networkSecurityGroup: { id: NSG } } },
  ]);
  expect(get(inventory, NSG)!.properties!.securityRules).toEqual([
    { id: `${NSG}/securityRules/deny-internet`, name: 'deny-internet', properties: { priority: 100, direction: 'Outbound', access: 'Deny' } },
  ]);
  expect(inventory.resources.some((r) => /\/(subnets|securityRules)\//i.test(r.id))).toBe(false);
  // The VNet now differs from the base because of the subnet: its findings point at the subnet's declaration.
  expect(sources.get(VNET.toLowerCase())).toEqual(src(`${VNET}/subnets/A`, 1));
  expect(inventory.gaps).toEqual([]);
});

test("server-side defaults: storage networkAcls, private endpoint approval, a managed VNet's required rules", () => {
  const WS = `${RG}/Microsoft.MachineLearningServices/workspaces/ws1`;
  const OTHER = `/subscriptions/${SUB}/resourceGroups/rg2/providers/Microsoft.KeyVault/vaults/kv-elsewhere`;
  const p = plan([
    { id: ST, type: 'Microsoft.Storage/storageAccounts', properties: {} },
    {
      id: `${RG}/Microsoft.Network/privateEndpoints/pe1`,
      type: 'Microsoft.Network/privateEndpoints',
      properties: {
        privateLinkServiceConnections: [
          { name: 'c1', properties: { privateLinkServiceId: ST, groupIds: ['blob'] } },
          { name: 'c2', properties: { privateLinkServiceId: OTHER, groupIds: ['vault'] } },
        ],
        manualPrivateLinkServiceConnections: [{ name: 'm1', properties: { privateLinkServiceId: OTHER, groupIds: ['vault'] } }],
      },
    },
    {
      id: WS,
      name: 'ws1',
      type: 'Microsoft.MachineLearningServices/workspaces',
      properties: { storageAccount: ST, managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } },
    },
  ]);
  const { inventory } = overlayPlan(base([{ id: OTHER, type: 'Microsoft.KeyVault/vaults', properties: {} }]), p, {
    cloud: 'AzureCloud',
    subscriptions: [SUB],
  });
  expect(get(inventory, ST)!.properties!.networkAcls).toEqual({
    bypass: 'AzureServices',
    virtualNetworkRules: [],
    ipRules: [],
    defaultAction: 'Allow',
  });
  const pe = get(inventory, `${RG}/Microsoft.Network/privateEndpoints/pe1`)!.properties!;
  expect(pe.privateLinkServiceConnections[0].properties.privateLinkServiceConnectionState).toEqual({ status: 'Approved' });
  expect(pe.privateLinkServiceConnections[1].properties.privateLinkServiceConnectionState).toEqual({});
  expect(pe.manualPrivateLinkServiceConnections[0].properties.privateLinkServiceConnectionState).toEqual({ status: 'Pending' });
  expect(get(inventory, WS)!.properties!.managedNetwork.outboundRules).toEqual({
    __SYS_PE_ws1_st1_blob: {
      type: 'PrivateEndpoint',
      category: 'Required',
      destination: { serviceResourceId: ST, subresourceTarget: 'blob', sparkEnabled: true },
    },
    __SYS_PE_ws1_st1_file: {
      type: 'PrivateEndpoint',
      category: 'Required',
      destination: { serviceResourceId: ST, subresourceTarget: 'file', sparkEnabled: true },
    },
  });
  // The automatic connection to a vault the change does not create: its approval is not known (a gap, not a guess).
  expect(inventory.gaps.map((g) => [g.kind, g.code, g.property])).toEqual([
    ['datastores', 'CreatedByService', 'datastores'],
    [
      'privateEndpoints',
      'UnknownBeforeDeployment',
      'properties.privateLinkServiceConnections[1].properties.privateLinkServiceConnectionState.status',
    ],
  ]);
});

test('unknown values make gaps only where a rule reads them; references neither planned nor in the base are gaps naming them', () => {
  const PE = `${RG}/Microsoft.Network/privateEndpoints/pe1`;
  const KV = `${RG}/Microsoft.KeyVault/vaults/kv1`;
  const MISSING_SUBNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/spoke/subnets/pe`;
  const p = plan(
    [
      { id: PE, type: 'Microsoft.Network/privateEndpoints', properties: { subnet: { id: MISSING_SUBNET }, privateLinkServiceConnections: [] } },
      { id: KV, type: 'Microsoft.KeyVault/vaults', properties: { publicNetworkAccess: 'Disabled' } },
    ],
    {
      unknowns: [
        { resourceId: KV, property: 'properties.tenantId', reason: 'tenantId is the tenant of the subscription, read at deployment' },
        { resourceId: PE, property: 'properties.customDnsConfigs', reason: 'customDnsConfigs is set by Resource Manager when pe1 is deployed' },
      ],
    },
  );
  const { inventory } = overlayPlan(undefined, p, { cloud: 'AzureCloud', subscriptions: [SUB] });
  expect(inventory.gaps).toEqual([
    {
      kind: 'privateEndpoints',
      scope: PE,
      reason: 'error',
      code: 'UnknownBeforeDeployment',
      property: 'properties.customDnsConfigs',
      message: `properties.customDnsConfigs of ${PE} is not known before deployment: customDnsConfigs is set by Resource Manager when pe1 is deployed`,
    },
    {
      kind: 'virtualNetworks',
      scope: MISSING_SUBNET,
      reason: 'error',
      code: 'NotInChangeOrBase',
      message: `${MISSING_SUBNET} is referenced by ${PE} (t.json:1) but is neither in the change nor in the base: scan the subscription that holds it, or add it to the change`,
    },
  ]);
  // With the VNet and its subnet in the base, the reference resolves and no gap is left.
  const vnet = {
    id: MISSING_SUBNET.replace(/\/subnets\/pe$/, ''),
    type: 'Microsoft.Network/virtualNetworks',
    properties: { subnets: [{ id: MISSING_SUBNET, name: 'pe', properties: {} }] },
  };
  expect(overlayPlan(base([vnet]), plan(p.upserts.map((u) => u.resource)), { cloud: 'AzureCloud', subscriptions: [SUB] }).inventory.gaps).toEqual([]);
});
