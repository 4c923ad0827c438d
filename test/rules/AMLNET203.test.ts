import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

/** What AMLNET203 reports for one dependency of the AKS compute in vnet-aks, whose endpoints are all in vnet-ws-private. */
function missing(s: ReturnType<typeof withAks>, severity: 'high' | 'medium', dependency: string, what: string, endpoints = 'private endpoint') {
  return {
    resourceId: s.compute,
    severity,
    related: [dependency],
    message:
      severity === 'medium'
        ? `AKS compute aks-inference runs in VNet vnet-aks; the ${what} has endpoints only in the peered VNet vnet-ws-private. Add one in vnet-aks (the docs expect the same VNet).`
        : `AKS compute aks-inference runs in VNet vnet-aks, where the ${what} has no ${endpoints}. Add one in vnet-aks.`,
    evidence: [
      {
        resourceId: dependency,
        property: 'private endpoints / VNet rules',
        expected: 'an endpoint in vnet-aks',
        actual: 'endpoints in vnet-ws-private',
      },
    ],
  };
}

function withAks(where: 'same' | 'peered' | 'isolated') {
  const s = privateWorkspace();
  let subnet = s.computeSubnet;
  if (where !== 'same') {
    const v = s.t.vnet('vnet-aks', { addressPrefixes: ['10.70.0.0/16'], subnets: [{ name: 'aks', prefix: '10.70.0.0/20' }] });
    if (where === 'peered') s.t.peer(s.vnet, v);
    subnet = v.subnet('aks');
  }
  const aks = s.t.aks('aks-inference', { subnet, privateCluster: true });
  const compute = s.t.compute(s.ws, 'aks-inference', { type: 'AKS', resourceId: aks });
  return { ...s, aks, compute };
}

describe('AMLNET203 aks-dependency-endpoints', () => {
  it("stays silent when every dependency has an endpoint in the cluster's VNet", () => {
    expectNoFindings('AMLNET203', withAks('same').t.inventory());
  });

  it('is medium per dependency when the endpoints are only in a peered VNet', () => {
    const s = withAks('peered');
    expectFindings('AMLNET203', s.t.inventory(), [
      missing(s, 'medium', s.ws, 'workspace ws-private'),
      missing(s, 'medium', s.storage, 'storage account stwsprivate'),
      missing(s, 'medium', s.keyVault, 'key vault kv-ws-private'),
      missing(s, 'medium', s.registry, 'container registry acrwsprivate'),
    ]);
  });

  it('is high per dependency when no endpoint is reachable, the workspace itself included', () => {
    const s = withAks('isolated');
    expectFindings('AMLNET203', s.t.inventory(), [
      missing(s, 'high', s.ws, 'workspace ws-private'),
      missing(s, 'high', s.storage, 'storage account stwsprivate', 'private or service endpoint'),
      missing(s, 'high', s.keyVault, 'key vault kv-ws-private', 'private or service endpoint'),
      missing(s, 'high', s.registry, 'container registry acrwsprivate'),
    ]);
  });

  it("counts a storage service endpoint (VNet rule) in the cluster's VNet, but not for the registry", () => {
    const s = withAks('isolated');
    const aksSubnet = (s.t.find(s.aks)!.properties as any).agentPoolProfiles[0].vnetSubnetID;
    (s.t.find(s.storage)!.properties as any).networkAcls.virtualNetworkRules = [{ id: aksSubnet, action: 'Allow' }];
    expectFindings('AMLNET203', s.t.inventory(), [
      missing(s, 'high', s.ws, 'workspace ws-private'),
      missing(s, 'high', s.keyVault, 'key vault kv-ws-private', 'private or service endpoint'),
      missing(s, 'high', s.registry, 'container registry acrwsprivate'),
    ]);
  });
});
