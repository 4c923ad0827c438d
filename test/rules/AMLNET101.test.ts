import { TenantBuilder } from '../../src/fixtures/builder';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { SUB, privateWorkspace } from '../support/scenarios';

/** A workspace with no private endpoint; `storageRestricted` decides whether it counts as secured. */
function publicWorkspace(opts: { storageRestricted: boolean; isolationMode?: string }) {
  const t = new TenantBuilder({ subscriptionId: SUB });
  const storage = t.storage('stpublic', opts.storageRestricted ? { defaultAction: 'Deny' } : {});
  const keyVault = t.keyVault('kv-public');
  const ws = t.workspace('ws-public', { storage, keyVault, isolationMode: opts.isolationMode });
  return { t, ws, storage };
}

describe('AMLNET101 compute-not-in-vnet', () => {
  it('stays silent on the recommended setup', () => {
    expectNoFindings('AMLNET101', privateWorkspace().inventory());
  });

  it('fires for a cluster and an instance without a subnet in a workspace with an Approved private endpoint', () => {
    const s = privateWorkspace();
    const cluster = s.t.compute(s.ws, 'outside', { type: 'AmlCompute' });
    const ci = s.t.compute(s.ws, 'ci-outside', { type: 'ComputeInstance', enableNodePublicIp: false });
    const findings = expectFindings('AMLNET101', s.t.inventory(), [
      {
        resourceId: cluster,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "AmlCompute outside has no subnet, but workspace ws-private has an Approved private endpoint and no managed VNet. Recreate the compute in a subnet of the workspace's VNet.",
        evidence: [
          { resourceId: cluster, property: 'properties.properties.subnet.id', expected: "a subnet of the workspace's VNet", actual: 'absent' },
        ],
      },
      {
        resourceId: ci,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "ComputeInstance ci-outside has no subnet, but workspace ws-private has an Approved private endpoint and no managed VNet. Recreate the compute in a subnet of the workspace's VNet.",
        evidence: [{ resourceId: ci, property: 'properties.properties.subnet.id', expected: "a subnet of the workspace's VNet", actual: 'absent' }],
      },
    ]);
    expect(findings[0].evidence[0]).toMatchObject({ property: 'properties.properties.subnet.id', actual: 'absent' });
  });

  it('fires when the workspace is secured only by a restricted default storage account', () => {
    const p = publicWorkspace({ storageRestricted: true });
    const cluster = p.t.compute(p.ws, 'cpu', { type: 'AmlCompute' });
    expectFindings('AMLNET101', p.t.inventory(), [
      {
        resourceId: cluster,
        severity: 'high',
        related: [p.storage],
        message:
          "AmlCompute cpu has no subnet, but workspace ws-public has a restricted default storage account and no managed VNet. Recreate the compute in a subnet of the workspace's VNet.",
        evidence: [
          { resourceId: cluster, property: 'properties.properties.subnet.id', expected: "a subnet of the workspace's VNet", actual: 'absent' },
        ],
      },
    ]);
  });

  it('stays silent for an unsecured workspace (no Approved endpoint, open storage)', () => {
    const p = publicWorkspace({ storageRestricted: false });
    p.t.compute(p.ws, 'cpu', { type: 'AmlCompute' });
    expectNoFindings('AMLNET101', p.t.inventory());
  });

  it('stays silent when the only private endpoint is Pending and the storage is open', () => {
    const p = publicWorkspace({ storageRestricted: false });
    const v = p.t.vnet('vnet-x', { subnets: [{ name: 'pe', prefix: '10.0.1.0/24' }] });
    p.t.privateEndpoint('pe-ws', { subnet: v.subnet('pe'), target: p.ws, groupId: 'amlworkspace', status: 'Pending' });
    p.t.compute(p.ws, 'cpu', { type: 'AmlCompute' });
    expectNoFindings('AMLNET101', p.t.inventory());
  });

  it('stays silent on a managed VNet, where computes have no customer subnet', () => {
    const p = publicWorkspace({ storageRestricted: true, isolationMode: 'AllowOnlyApprovedOutbound' });
    p.t.compute(p.ws, 'cpu', { type: 'AmlCompute', enableNodePublicIp: false });
    expectNoFindings('AMLNET101', p.t.inventory());
  });

  it('ignores attached AKS and Kubernetes computes', () => {
    const s = privateWorkspace();
    const aks = s.t.aks('aks1', {});
    s.t.compute(s.ws, 'aks', { type: 'AKS', resourceId: aks });
    s.t.compute(s.ws, 'k8s', { type: 'Kubernetes', resourceId: aks });
    expectNoFindings('AMLNET101', s.t.inventory());
  });
});
