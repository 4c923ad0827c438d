import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

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
  it('stays silent when every dependency has an endpoint in the cluster\'s VNet', () => {
    expectNoFindings('AMLNET203', withAks('same').t.inventory());
  });

  it('is medium per dependency when the endpoints are only in a peered VNet', () => {
    const s = withAks('peered');
    expectFindings('AMLNET203', s.t.inventory(), [s.ws, s.storage, s.keyVault, s.registry].map((d) => ({ resourceId: s.compute, severity: 'medium' as const, related: [d] })));
  });

  it('is high per dependency when no endpoint is reachable, the workspace itself included', () => {
    const s = withAks('isolated');
    const findings = expectFindings('AMLNET203', s.t.inventory(), [1, 2, 3, 4].map(() => ({ resourceId: s.compute, severity: 'high' as const })));
    expect(findings.map((f) => f.relatedResourceIds[0].toLowerCase()).sort()).toEqual([s.ws, s.storage, s.keyVault, s.registry].map((x) => x.toLowerCase()).sort());
  });

  it('counts a storage service endpoint (VNet rule) in the cluster\'s VNet, but not for the registry', () => {
    const s = withAks('isolated');
    const aksSubnet = (s.t.find(s.aks)!.properties as any).agentPoolProfiles[0].vnetSubnetID;
    (s.t.find(s.storage)!.properties as any).networkAcls.virtualNetworkRules = [{ id: aksSubnet, action: 'Allow' }];
    const findings = expectFindings('AMLNET203', s.t.inventory(), [1, 2, 3].map(() => ({ resourceId: s.compute, severity: 'high' as const })));
    expect(findings.map((f) => f.relatedResourceIds[0].toLowerCase())).not.toContain(s.storage.toLowerCase());
  });
});
