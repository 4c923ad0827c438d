import { TenantBuilder } from '../../src/fixtures/builder';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace, SUB } from '../support/scenarios';

describe('AMLNET205 aks-public-control-plane', () => {
  it('stays silent on a private cluster attached to a secured workspace', () => {
    const s = privateWorkspace();
    const aks = s.t.aks('aks-private', { subnet: s.computeSubnet, privateCluster: true });
    s.t.compute(s.ws, 'aks', { type: 'AKS', resourceId: aks });
    expectNoFindings('AMLNET205', s.t.inventory());
  });

  it('is info for a public cluster (enablePrivateCluster false) attached to a secured workspace', () => {
    const s = privateWorkspace();
    const aks = s.t.aks('aks-public', { subnet: s.computeSubnet, privateCluster: false });
    const compute = s.t.compute(s.ws, 'aks', { type: 'Kubernetes', resourceId: aks });
    expectFindings('AMLNET205', s.t.inventory(), [
      {
        resourceId: aks,
        severity: 'info',
        workspaceId: s.ws,
        related: [compute],
        message:
          'AKS cluster aks-public, attached to secured workspace ws-private as aks, has a public control plane. Consider a private AKS cluster, or restrict its API server to authorized IP ranges.',
        evidence: [{ resourceId: aks, property: 'properties.apiServerAccessProfile.enablePrivateCluster', expected: 'true', actual: 'false' }],
      },
    ]);
  });

  it('reads a cluster without apiServerAccessProfile as public', () => {
    const s = privateWorkspace();
    const aks = s.t.aks('aks-default', { subnet: s.computeSubnet });
    s.t.compute(s.ws, 'aks', { type: 'AKS', resourceId: aks });
    expectFindings('AMLNET205', s.t.inventory(), [
      {
        resourceId: aks,
        severity: 'info',
        message:
          'AKS cluster aks-default, attached to secured workspace ws-private as aks, has a public control plane. Consider a private AKS cluster, or restrict its API server to authorized IP ranges.',
        evidence: [{ resourceId: aks, property: 'properties.apiServerAccessProfile.enablePrivateCluster', expected: 'true', actual: 'absent' }],
      },
    ]);
  });

  it('counts a workspace secured only by restricted storage', () => {
    const t = new TenantBuilder({ subscriptionId: SUB });
    const ws = t.workspace('ws-pub', { storage: t.storage('strestricted', { defaultAction: 'Deny' }), keyVault: t.keyVault('kv') });
    const aks = t.aks('aks-public', {});
    t.compute(ws, 'aks', { type: 'AKS', resourceId: aks });
    expectFindings('AMLNET205', t.inventory(), [
      {
        resourceId: aks,
        severity: 'info',
        message:
          'AKS cluster aks-public, attached to secured workspace ws-pub as aks, has a public control plane. Consider a private AKS cluster, or restrict its API server to authorized IP ranges.',
        evidence: [{ resourceId: aks, property: 'properties.apiServerAccessProfile.enablePrivateCluster', expected: 'true', actual: 'absent' }],
      },
    ]);
  });

  it('does not apply to a workspace that is not secured', () => {
    const t = new TenantBuilder({ subscriptionId: SUB });
    const ws = t.workspace('ws-open', { storage: t.storage('stopen'), keyVault: t.keyVault('kv') });
    const aks = t.aks('aks-public', {});
    t.compute(ws, 'aks', { type: 'AKS', resourceId: aks });
    expectNoFindings('AMLNET205', t.inventory());
  });

  it('ignores a public cluster no workspace attaches', () => {
    const s = privateWorkspace();
    s.t.aks('aks-elsewhere', { privateCluster: false });
    expectNoFindings('AMLNET205', s.t.inventory());
  });
});
