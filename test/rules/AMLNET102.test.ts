import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

function withSpoke(state = 'Connected', remoteState = state) {
  const s = privateWorkspace();
  const spoke = s.t.vnet('vnet-spoke', { addressPrefixes: ['10.60.0.0/16'], subnets: [{ name: 'train', prefix: '10.60.1.0/24' }] });
  s.t.peer(s.vnet, spoke, state, remoteState);
  return { ...s, spoke };
}

describe('AMLNET102 compute-same-vnet', () => {
  it('stays silent when computes are in another subnet of the workspace VNet', () => {
    expectNoFindings('AMLNET102', privateWorkspace().inventory());
  });

  it('is medium for a cluster in a peered VNet and high for an instance there', () => {
    const s = withSpoke();
    const cluster = s.t.compute(s.ws, 'spoke-cluster', { type: 'AmlCompute', subnet: s.spoke.subnet('train'), enableNodePublicIp: false });
    const ci = s.t.compute(s.ws, 'spoke-ci', { type: 'ComputeInstance', subnet: s.spoke.subnet('train'), enableNodePublicIp: false });
    expectFindings('AMLNET102', s.t.inventory(), [
      {
        resourceId: cluster,
        severity: 'medium',
        message:
          "AmlCompute spoke-cluster is in VNet vnet-spoke (subnet train), but workspace ws-private's private endpoints are in vnet-ws-private (peered). Recreate it in a subnet of vnet-ws-private.",
        evidence: [
          {
            resourceId: cluster,
            property: 'properties.properties.subnet.id',
            expected: 'a subnet of vnet-ws-private',
            actual:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-ml/providers/microsoft.network/virtualnetworks/vnet-spoke/subnets/train',
          },
        ],
      },
      {
        resourceId: ci,
        severity: 'high',
        message:
          "ComputeInstance spoke-ci is in VNet vnet-spoke (subnet train), but workspace ws-private's private endpoints are in vnet-ws-private (peered). Recreate it in a subnet of vnet-ws-private.",
        evidence: [
          {
            resourceId: ci,
            property: 'properties.properties.subnet.id',
            expected: 'a subnet of vnet-ws-private',
            actual:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-ml/providers/microsoft.network/virtualnetworks/vnet-spoke/subnets/train',
          },
        ],
      },
    ]);
  });

  it('is high for a cluster when the peering is not Connected on both sides', () => {
    const s = withSpoke('Connected', 'Initiated');
    const cluster = s.t.compute(s.ws, 'spoke-cluster', { type: 'AmlCompute', subnet: s.spoke.subnet('train') });
    expectFindings('AMLNET102', s.t.inventory(), [
      {
        resourceId: cluster,
        severity: 'high',
        message:
          "AmlCompute spoke-cluster is in VNet vnet-spoke (subnet train), but workspace ws-private's private endpoints are in vnet-ws-private. Recreate it in a subnet of vnet-ws-private.",
        evidence: [
          {
            resourceId: cluster,
            property: 'properties.properties.subnet.id',
            expected: 'a subnet of vnet-ws-private',
            actual:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-ml/providers/microsoft.network/virtualnetworks/vnet-spoke/subnets/train',
          },
        ],
      },
    ]);
  });

  it('ignores AKS and computes without a subnet', () => {
    const s = withSpoke();
    s.t.compute(s.ws, 'nosubnet', { type: 'AmlCompute' });
    const aks = s.t.aks('aks-spoke', { subnet: s.spoke.subnet('train') });
    s.t.compute(s.ws, 'aks', { type: 'AKS', resourceId: aks });
    expectNoFindings('AMLNET102', s.t.inventory());
  });
});
