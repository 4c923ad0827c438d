import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace, type PrivateWorkspace } from '../support/scenarios';
import { props } from '../support/public-workspace';

/** Moves the key vault's only private endpoint into a new VNet, optionally peered with the workspace's VNet. */
function keyVaultElsewhere(s: PrivateWorkspace, peering?: { state: string; remoteState?: string }) {
  const other = s.t.vnet('vnet-shared', { addressPrefixes: ['10.20.0.0/16'], subnets: [{ name: 'pe', prefix: '10.20.1.0/24' }] });
  if (peering) s.t.peer(s.vnet, other, peering.state, peering.remoteState ?? peering.state);
  const kv = s.t.keyVault('kv-shared', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  const pe = s.t.privateEndpoint('pe-kv-shared', { subnet: other.subnet('pe'), target: kv, groupId: 'vault' });
  props(s.t, s.ws).keyVault = kv;
  return { other, kv, pe };
}

describe('AMLNET006 keyvault-acr-vnet', () => {
  it('stays silent on the recommended private setup', () => {
    expectNoFindings('AMLNET006', privateWorkspace().inventory());
  });

  it('fires high when the key vault is reachable only from an unpeered VNet', () => {
    const s = privateWorkspace();
    const { other, kv, pe } = keyVaultElsewhere(s);
    expectFindings('AMLNET006', s.t.inventory(), [
      {
        resourceId: kv,
        severity: 'high',
        workspaceId: s.ws,
        related: [pe, other.id, s.ws],
        message:
          "The key vault kv-shared of workspace ws-private is reachable only through private endpoint pe-kv-shared in VNet vnet-shared, and none of those VNets is the workspace's VNet vnet-ws-private or peered with it. Add a private endpoint in vnet-ws-private.",
        evidence: [
          {
            resourceId: kv,
            property: 'private endpoints / VNet rules',
            expected: 'a VNet among vnet-ws-private or peered with one',
            actual: 'vnet-shared',
          },
        ],
      },
    ]);
  });

  it('gives info when the key vault is reachable from a peered VNet only', () => {
    const s = privateWorkspace();
    const { kv } = keyVaultElsewhere(s, { state: 'Connected' });
    expectFindings('AMLNET006', s.t.inventory(), [
      {
        resourceId: kv,
        severity: 'info',
        message:
          "The key vault kv-shared of workspace ws-private is reachable through private endpoint pe-kv-shared in VNet vnet-shared, a VNet peered with the workspace's VNet vnet-ws-private; the docs recommend the same VNet. Consider a private endpoint in vnet-ws-private.",
        evidence: [{ resourceId: kv, property: 'private endpoints / VNet rules', expected: 'a VNet among vnet-ws-private', actual: 'vnet-shared' }],
      },
    ]);
  });

  it('does not count a peering that is Connected on one side only', () => {
    const s = privateWorkspace();
    const { kv } = keyVaultElsewhere(s, { state: 'Connected', remoteState: 'Initiated' });
    expectFindings('AMLNET006', s.t.inventory(), [
      {
        resourceId: kv,
        severity: 'high',
        message:
          "The key vault kv-shared of workspace ws-private is reachable only through private endpoint pe-kv-shared in VNet vnet-shared, and none of those VNets is the workspace's VNet vnet-ws-private or peered with it. Add a private endpoint in vnet-ws-private.",
        evidence: [
          {
            resourceId: kv,
            property: 'private endpoints / VNet rules',
            expected: 'a VNet among vnet-ws-private or peered with one',
            actual: 'vnet-shared',
          },
        ],
      },
    ]);
  });

  it('fires high for a registry reachable only through a private endpoint in another VNet', () => {
    const s = privateWorkspace();
    const other = s.t.vnet('vnet-acr', { addressPrefixes: ['10.30.0.0/16'], subnets: [{ name: 'pe', prefix: '10.30.1.0/24' }] });
    const acr = s.t.registry('acrelsewhere', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
    s.t.privateEndpoint('pe-acr-elsewhere', { subnet: other.subnet('pe'), target: acr, groupId: 'registry' });
    props(s.t, s.ws).containerRegistry = acr;
    expectFindings('AMLNET006', s.t.inventory(), [
      {
        resourceId: acr,
        severity: 'high',
        message:
          "The container registry acrelsewhere of workspace ws-private is reachable only through private endpoint pe-acr-elsewhere in VNet vnet-acr, and none of those VNets is the workspace's VNet vnet-ws-private or peered with it. Add a private endpoint in vnet-ws-private.",
        evidence: [
          {
            resourceId: acr,
            property: 'private endpoints / VNet rules',
            expected: 'a VNet among vnet-ws-private or peered with one',
            actual: 'vnet-acr',
          },
        ],
      },
    ]);
  });

  it('fires high for a key vault reachable only through a VNet rule for a subnet of another VNet', () => {
    const s = privateWorkspace();
    const other = s.t.vnet('vnet-apps', {
      addressPrefixes: ['10.40.0.0/16'],
      subnets: [{ name: 'apps', prefix: '10.40.1.0/24', serviceEndpoints: ['Microsoft.KeyVault'] }],
    });
    const kv = s.t.keyVault('kv-rule', { defaultAction: 'Deny', vnetRules: [other.subnet('apps')] });
    props(s.t, s.ws).keyVault = kv;
    expectFindings('AMLNET006', s.t.inventory(), [
      {
        resourceId: kv,
        severity: 'high',
        message:
          "The key vault kv-rule of workspace ws-private is reachable only through VNet rule for subnet apps in VNet vnet-apps, and none of those VNets is the workspace's VNet vnet-ws-private or peered with it. Add a private endpoint in vnet-ws-private.",
        evidence: [
          {
            resourceId: kv,
            property: 'private endpoints / VNet rules',
            expected: 'a VNet among vnet-ws-private or peered with one',
            actual: 'vnet-apps',
          },
        ],
      },
    ]);
  });

  it("accepts a VNet rule for another subnet of the workspace's VNet (ids in any casing)", () => {
    const s = privateWorkspace();
    const kv = s.t.keyVault('kv-samevnet', { defaultAction: 'Deny', vnetRules: [s.computeSubnet] });
    props(s.t, kv).networkAcls.virtualNetworkRules[0].id = s.computeSubnet.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    props(s.t, s.ws).keyVault = kv.toLowerCase();
    expectNoFindings('AMLNET006', s.t.inventory());
  });

  it("stays silent when one of several paths is in the workspace's VNet", () => {
    const s = privateWorkspace();
    const other = s.t.vnet('vnet-extra', { addressPrefixes: ['10.50.0.0/16'], subnets: [{ name: 'pe', prefix: '10.50.1.0/24' }] });
    s.t.privateEndpoint('pe-kv-extra', { subnet: other.subnet('pe'), target: s.keyVault, groupId: 'vault' });
    expectNoFindings('AMLNET006', s.t.inventory());
  });

  it('ignores a key vault endpoint in another VNet that is not Approved, and a key vault no VNet reaches', () => {
    const s = privateWorkspace();
    const other = s.t.vnet('vnet-pending', { addressPrefixes: ['10.60.0.0/16'], subnets: [{ name: 'pe', prefix: '10.60.1.0/24' }] });
    const kv = s.t.keyVault('kv-pending', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
    s.t.privateEndpoint('pe-kv-pending', { subnet: other.subnet('pe'), target: kv, groupId: 'vault', status: 'Pending' });
    props(s.t, s.ws).keyVault = kv;
    expectNoFindings('AMLNET006', s.t.inventory());
  });

  it('does not apply to a workspace without an Approved private endpoint', () => {
    const s = privateWorkspace();
    keyVaultElsewhere(s);
    props(s.t, s.ws).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Rejected';
    expectNoFindings('AMLNET006', s.t.inventory());
  });

  it('does not judge the storage account (AMLNET004 does)', () => {
    const s = privateWorkspace();
    const other = s.t.vnet('vnet-data', { addressPrefixes: ['10.70.0.0/16'], subnets: [{ name: 'pe', prefix: '10.70.1.0/24' }] });
    const st = s.t.storage('stelsewhere', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
    s.t.privateEndpoint('pe-st-elsewhere', { subnet: other.subnet('pe'), target: st, groupId: 'blob' });
    props(s.t, s.ws).storageAccount = st;
    expectNoFindings('AMLNET006', s.t.inventory());
  });
});
