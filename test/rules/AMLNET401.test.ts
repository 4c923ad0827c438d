import { CLOUDS } from '../../src/model/cloud';
import type { CloudName } from '../../src/model/inventory';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace, type PrivateWorkspace } from '../support/scenarios';

const PUBLIC = CLOUDS.AzureCloud.zones;

function removeLink(s: PrivateWorkspace, zoneName: string): void {
  const linkId = `${s.zones[zoneName]}/virtualNetworkLinks/link-${s.vnet.id.split('/').pop()}`.toLowerCase();
  const i = s.t.resources.findIndex((r) => r.id.toLowerCase() === linkId);
  if (i < 0) throw new Error(`no link ${linkId}`);
  s.t.resources.splice(i, 1);
}

function removeZoneGroup(s: PrivateWorkspace, peName: string): void {
  const i = s.t.resources.findIndex((r) => r.id === `${s.t.id('Microsoft.Network', 'privateEndpoints', peName)}/privateDnsZoneGroups/default`);
  if (i < 0) throw new Error(`no zone group on ${peName}`);
  s.t.resources.splice(i, 1);
}

const pe = (s: PrivateWorkspace, name: string) => s.t.id('Microsoft.Network', 'privateEndpoints', name);

/** Re-homes the private workspace's zones into `cloud`'s zone names (zones, links and zone groups). */
function inCloud(s: PrivateWorkspace, cloud: CloudName): void {
  const z = CLOUDS[cloud].zones;
  const map: Record<string, string> = {
    [PUBLIC.workspace[0]]: z.workspace[0],
    [PUBLIC.workspace[1]]: z.workspace[1],
    [PUBLIC.storage.blob]: z.storage.blob,
    [PUBLIC.storage.file]: z.storage.file,
    [PUBLIC.vault]: z.vault,
    [PUBLIC.registry]: z.registry,
  };
  const rename = (id: string) =>
    Object.entries(map).reduce((acc, [from, to]) => acc.replace(`/privateDnsZones/${from}`, `/privateDnsZones/${to}`), id);
  for (const r of s.t.resources) {
    r.id = rename(r.id);
    if (r.type === 'Microsoft.Network/privateDnsZones') r.name = map[r.name!] ?? r.name;
    if (r.type === 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups') {
      for (const c of (r.properties as any).privateDnsZoneConfigs) c.properties.privateDnsZoneId = rename(c.properties.privateDnsZoneId);
    }
  }
}

describe('AMLNET401 private-dns-zone', () => {
  it('stays silent on the recommended setup', () => {
    expectNoFindings('AMLNET401', privateWorkspace().inventory());
  });

  it("fires when a workspace zone is not linked to the endpoint's VNet", () => {
    const s = privateWorkspace();
    removeLink(s, 'privatelink.notebooks.azure.net');
    const [f] = expectFindings('AMLNET401', s.t.inventory(), [
      {
        resourceId: pe(s, 'pe-ws-private'),
        severity: 'high',
        workspaceId: s.ws,
        related: [s.ws, s.vnet.id],
        message:
          "Private endpoint pe-ws-private of the workspace ws-private is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not resolve it there: privatelink.notebooks.azure.net (not linked to vnet-ws-private). Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: pe(s, 'pe-ws-private'),
            property: 'private DNS zone privatelink.notebooks.azure.net: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'linked to no VNet',
          },
        ],
      },
    ]);
    expect(f.message).not.toContain('privatelink.api.azureml.ms');
    expect(f.evidence).toHaveLength(1);
  });

  it('names every missing zone of an endpoint in one finding', () => {
    const s = privateWorkspace();
    removeZoneGroup(s, 'pe-ws-private');
    removeLink(s, 'privatelink.api.azureml.ms');
    const [f] = expectFindings('AMLNET401', s.t.inventory(), [
      {
        resourceId: pe(s, 'pe-ws-private'),
        severity: 'high',
        message:
          "Private endpoint pe-ws-private of the workspace ws-private is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not resolve it there: privatelink.api.azureml.ms (not linked to vnet-ws-private, not in the zone group); privatelink.notebooks.azure.net (not in the zone group). Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: pe(s, 'pe-ws-private'),
            property: 'private DNS zone privatelink.api.azureml.ms: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'linked to no VNet; not in the zone group',
          },
          {
            resourceId: pe(s, 'pe-ws-private'),
            property: 'private DNS zone privatelink.notebooks.azure.net: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'not in the zone group',
          },
        ],
      },
    ]);
    expect(f.message).toContain('privatelink.api.azureml.ms (not linked to vnet-ws-private, not in the zone group)');
    expect(f.message).toContain('privatelink.notebooks.azure.net (not in the zone group)');
    expect(f.evidence.map((e) => e.actual)).toEqual(['linked to no VNet; not in the zone group', 'not in the zone group']);
  });

  it('fires for a storage sub-resource whose zone does not exist, naming the zone of its groupId', () => {
    const s = privateWorkspace();
    const dfs = s.t.privateEndpoint('pe-st-dfs', { subnet: s.peSubnet, target: s.storage, groupId: 'dfs' });
    const queue = s.t.privateEndpoint('pe-st-queue', {
      subnet: s.peSubnet,
      target: s.storage,
      groupId: 'queue',
      zones: [s.t.privateDnsZone('privatelink.queue.core.windows.net', [])],
    });
    expectFindings('AMLNET401', s.t.inventory(), [
      {
        resourceId: dfs,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "Private endpoint pe-st-dfs of the storage account stwsprivate is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not resolve it there: privatelink.dfs.core.windows.net (not linked to vnet-ws-private, not in the zone group). Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: dfs,
            property: 'private DNS zone privatelink.dfs.core.windows.net: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'no zone of that name; not in the zone group',
          },
        ],
      },
      {
        resourceId: queue,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "Private endpoint pe-st-queue of the storage account stwsprivate is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not resolve it there: privatelink.queue.core.windows.net (not linked to vnet-ws-private). Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: queue,
            property: 'private DNS zone privatelink.queue.core.windows.net: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'linked to no VNet',
          },
        ],
      },
    ]);
  });

  it('fires for key vault and registry endpoints without their zone group', () => {
    const s = privateWorkspace();
    removeZoneGroup(s, 'pe-kv-ws-private');
    removeZoneGroup(s, 'pe-acr-ws-private');
    expectFindings('AMLNET401', s.t.inventory(), [
      {
        resourceId: pe(s, 'pe-kv-ws-private'),
        severity: 'high',
        related: [s.keyVault],
        message:
          "Private endpoint pe-kv-ws-private of the key vault kv-ws-private is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not resolve it there: privatelink.vaultcore.azure.net (not in the zone group). Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: pe(s, 'pe-kv-ws-private'),
            property: 'private DNS zone privatelink.vaultcore.azure.net: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'not in the zone group',
          },
        ],
      },
      {
        resourceId: pe(s, 'pe-acr-ws-private'),
        severity: 'high',
        related: [s.registry],
        message:
          "Private endpoint pe-acr-ws-private of the container registry acrwsprivate is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not resolve it there: privatelink.azurecr.io (not in the zone group). Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: pe(s, 'pe-acr-ws-private'),
            property: 'private DNS zone privatelink.azurecr.io: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'not in the zone group',
          },
        ],
      },
    ]);
  });

  it('fires when the zone is linked only to a peered hub: links do not carry across peering', () => {
    const s = privateWorkspace();
    const spoke = s.t.vnet('vnet-spoke', { addressPrefixes: ['10.60.0.0/16'], subnets: [{ name: 'pe', prefix: '10.60.1.0/24' }] });
    s.t.peer(s.vnet, spoke);
    const spokePe = s.t.privateEndpoint('pe-kv-spoke', {
      subnet: spoke.subnet('pe'),
      target: s.keyVault,
      groupId: 'vault',
      zones: [s.zones['privatelink.vaultcore.azure.net']],
    });
    const [f] = expectFindings('AMLNET401', s.t.inventory(), [
      {
        resourceId: spokePe,
        severity: 'high',
        related: [spoke.id, s.vnet.id],
        message:
          "Private endpoint pe-kv-spoke of the key vault kv-ws-private is in VNet vnet-spoke, which uses Azure DNS, but these private DNS zones do not resolve it there: privatelink.vaultcore.azure.net (not linked to vnet-spoke). Link each zone to vnet-spoke and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: spokePe,
            property: 'private DNS zone privatelink.vaultcore.azure.net: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-spoke and in the endpoint's zone group",
            actual: 'linked to vnet-ws-private',
          },
        ],
      },
    ]);
    expect(f.evidence[0].actual).toBe('linked to vnet-ws-private');
  });

  it('requires the zone named by the zone group to be the linked one', () => {
    const s = privateWorkspace();
    s.t.in({ resourceGroup: 'rg-dns-unlinked' });
    const unlinked = s.t.privateDnsZone('privatelink.vaultcore.azure.net', []);
    s.t.in({ resourceGroup: 'rg-ml' });
    removeZoneGroup(s, 'pe-kv-ws-private');
    s.t.dnsZoneGroup(pe(s, 'pe-kv-ws-private'), [unlinked]);
    expectFindings('AMLNET401', s.t.inventory(), [
      {
        resourceId: pe(s, 'pe-kv-ws-private'),
        severity: 'high',
        message:
          "Private endpoint pe-kv-ws-private of the key vault kv-ws-private is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not resolve it there: privatelink.vaultcore.azure.net (not linked to vnet-ws-private). Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: pe(s, 'pe-kv-ws-private'),
            property: 'private DNS zone privatelink.vaultcore.azure.net: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'linked to no VNet',
          },
        ],
      },
    ]);
  });

  it('stays silent in a VNet with custom DNS servers (AMLNET402), for Pending endpoints, and when the zone lives where the scan cannot see', () => {
    const s = privateWorkspace();
    const custom = s.t.vnet('vnet-custom', {
      addressPrefixes: ['10.61.0.0/16'],
      dnsServers: ['10.0.0.53'],
      subnets: [{ name: 'pe', prefix: '10.61.1.0/24' }],
    });
    s.t.privateEndpoint('pe-kv-custom', { subnet: custom.subnet('pe'), target: s.keyVault, groupId: 'vault' });
    s.t.privateEndpoint('pe-acr-pending', { subnet: s.peSubnet, target: s.registry, groupId: 'registry', status: 'Pending' });
    const st2 = s.t.privateEndpoint('pe-st-table', {
      subnet: s.peSubnet,
      target: s.storage,
      groupId: 'table',
      zones: [
        '/subscriptions/00000000-0000-0000-0000-00000000ffff/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.table.core.windows.net',
      ],
    });
    expect(st2).toBeDefined();
    expectNoFindings('AMLNET401', s.t.inventory());
  });

  it('compares VNet ids in zone links case-insensitively', () => {
    const s = privateWorkspace();
    const link = s.t.resources.find((r) => r.type === 'Microsoft.Network/privateDnsZones/virtualNetworkLinks')!;
    (link.properties as any).virtualNetwork.id = s.vnet.id.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    expectNoFindings('AMLNET401', s.t.inventory());
  });

  it.each(['AzureChinaCloud', 'AzureUSGovernment'] as const)('uses %s zone names', (cloud) => {
    const s = privateWorkspace();
    // The public-cloud zones do not serve a sovereign cloud's endpoints.
    const unresolved = (peName: string, target: string, zones: readonly string[]) => ({
      resourceId: pe(s, peName),
      severity: 'high' as const,
      message:
        `Private endpoint ${peName} of the ${target} is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not resolve it there: ` +
        `${zones.map((z) => `${z} (not linked to vnet-ws-private, not in the zone group)`).join('; ')}. Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.`,
      evidence: zones.map((z) => ({
        resourceId: pe(s, peName),
        property: `private DNS zone ${z}: virtualNetworkLinks / privateDnsZoneGroups`,
        expected: "linked to vnet-ws-private and in the endpoint's zone group",
        actual: 'no zone of that name; not in the zone group',
      })),
    });
    const zones = CLOUDS[cloud].zones;
    const findings = expectFindings('AMLNET401', s.t.inventory(cloud), [
      unresolved('pe-ws-private', 'workspace ws-private', zones.workspace),
      unresolved('pe-stwsprivate-blob', 'storage account stwsprivate', [zones.storage.blob]),
      unresolved('pe-stwsprivate-file', 'storage account stwsprivate', [zones.storage.file]),
      unresolved('pe-kv-ws-private', 'key vault kv-ws-private', [zones.vault]),
      unresolved('pe-acr-ws-private', 'container registry acrwsprivate', [zones.registry]),
    ]);
    expect(findings.some((f) => f.message.includes('core.windows.net'))).toBe(false);
    inCloud(s, cloud);
    expectNoFindings('AMLNET401', s.t.inventory(cloud));
  });
});

describe('AMLNET401 with a central zone linked to many VNets', () => {
  it('names a few of the linked VNets and counts the rest, instead of carrying hundreds of ids', () => {
    const s = privateWorkspace();
    removeLink(s, 'privatelink.vaultcore.azure.net');
    for (let i = 0; i < 300; i++)
      s.t.linkZone(
        s.zones['privatelink.vaultcore.azure.net'],
        `/subscriptions/${s.t.sub}/resourceGroups/rg-spokes/providers/Microsoft.Network/virtualNetworks/vnet-spoke-${i}`,
      );
    const [f] = expectFindings('AMLNET401', s.t.inventory(), [
      {
        resourceId: pe(s, 'pe-kv-ws-private'),
        severity: 'high',
        message:
          "Private endpoint pe-kv-ws-private of the key vault kv-ws-private is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not resolve it there: privatelink.vaultcore.azure.net (not linked to vnet-ws-private). Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: pe(s, 'pe-kv-ws-private'),
            property: 'private DNS zone privatelink.vaultcore.azure.net: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'linked to vnet-spoke-0, vnet-spoke-1, vnet-spoke-2, vnet-spoke-3, vnet-spoke-4 and 295 more VNet(s)',
          },
        ],
      },
    ]);
    expect(f.evidence[0].actual).toBe('linked to vnet-spoke-0, vnet-spoke-1, vnet-spoke-2, vnet-spoke-3, vnet-spoke-4 and 295 more VNet(s)');
    expect(f.relatedResourceIds.length).toBeLessThanOrEqual(10);
  });
});
