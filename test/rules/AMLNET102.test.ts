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
      { resourceId: cluster, severity: 'medium', messageIncludes: ['vnet-spoke'] },
      { resourceId: ci, severity: 'high' },
    ]);
  });

  it('is high for a cluster when the peering is not Connected on both sides', () => {
    const s = withSpoke('Connected', 'Initiated');
    const cluster = s.t.compute(s.ws, 'spoke-cluster', { type: 'AmlCompute', subnet: s.spoke.subnet('train') });
    expectFindings('AMLNET102', s.t.inventory(), [{ resourceId: cluster, severity: 'high' }]);
  });

  it('ignores AKS and computes without a subnet', () => {
    const s = withSpoke();
    s.t.compute(s.ws, 'nosubnet', { type: 'AmlCompute' });
    const aks = s.t.aks('aks-spoke', { subnet: s.spoke.subnet('train') });
    s.t.compute(s.ws, 'aks', { type: 'AKS', resourceId: aks });
    expectNoFindings('AMLNET102', s.t.inventory());
  });
});
