import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

function withCluster(opts: { privateCluster?: boolean; publicFqdn?: boolean; type?: 'AKS' | 'Kubernetes'; attach?: boolean }) {
  const s = privateWorkspace();
  const aks = s.t.aks('aks-inference', { subnet: s.computeSubnet, privateCluster: opts.privateCluster, publicFqdn: opts.publicFqdn });
  const compute = opts.attach === false ? undefined : s.t.compute(s.ws, 'aks-inference', { type: opts.type ?? 'AKS', resourceId: aks });
  return { ...s, aks, compute };
}

describe('AMLNET204 aks-private-cluster-public-fqdn', () => {
  it('stays silent on a private cluster without a public FQDN', () => {
    expectNoFindings('AMLNET204', withCluster({ privateCluster: true, publicFqdn: false }).t.inventory());
  });

  it('fires on the attached private cluster that publishes a public FQDN', () => {
    const s = withCluster({ privateCluster: true, publicFqdn: true });
    expectFindings('AMLNET204', s.t.inventory(), [
      {
        resourceId: s.aks,
        severity: 'high',
        workspaceId: s.ws,
        related: [s.compute!],
        message:
          'Private AKS cluster aks-inference, attached to workspace ws-private as aks-inference, also publishes a public FQDN for its API server, which Azure Machine Learning does not support. Disable it (az aks update --disable-public-fqdn).',
        evidence: [
          { resourceId: s.aks, property: 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN', expected: 'false', actual: 'true' },
        ],
      },
    ]);
  });

  it('fires for a v2 Kubernetes compute too', () => {
    const s = withCluster({ privateCluster: true, publicFqdn: true, type: 'Kubernetes' });
    expectFindings('AMLNET204', s.t.inventory(), [
      {
        resourceId: s.aks,
        severity: 'high',
        message:
          'Private AKS cluster aks-inference, attached to workspace ws-private as aks-inference, also publishes a public FQDN for its API server, which Azure Machine Learning does not support. Disable it (az aks update --disable-public-fqdn).',
        evidence: [
          { resourceId: s.aks, property: 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN', expected: 'false', actual: 'true' },
        ],
      },
    ]);
  });

  it('reports a cluster attached twice to one workspace once', () => {
    const s = withCluster({ privateCluster: true, publicFqdn: true });
    s.t.compute(s.ws, 'aks-again', { type: 'Kubernetes', resourceId: s.aks });
    expectFindings('AMLNET204', s.t.inventory(), [
      {
        resourceId: s.aks,
        severity: 'high',
        message:
          'Private AKS cluster aks-inference, attached to workspace ws-private as aks-inference, aks-again, also publishes a public FQDN for its API server, which Azure Machine Learning does not support. Disable it (az aks update --disable-public-fqdn).',
        evidence: [
          { resourceId: s.aks, property: 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN', expected: 'false', actual: 'true' },
        ],
      },
    ]);
  });

  it("matches the compute's resourceId to the cluster case-insensitively", () => {
    const s = withCluster({ privateCluster: true, publicFqdn: true, attach: false });
    s.t.compute(s.ws, 'aks-upper', { type: 'AKS', resourceId: s.aks.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/') });
    expectFindings('AMLNET204', s.t.inventory(), [
      {
        resourceId: s.aks,
        severity: 'high',
        message:
          'Private AKS cluster aks-inference, attached to workspace ws-private as aks-upper, also publishes a public FQDN for its API server, which Azure Machine Learning does not support. Disable it (az aks update --disable-public-fqdn).',
        evidence: [
          { resourceId: s.aks, property: 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN', expected: 'false', actual: 'true' },
        ],
      },
    ]);
  });

  it('ignores a cluster that no workspace attaches', () => {
    expectNoFindings('AMLNET204', withCluster({ privateCluster: true, publicFqdn: true, attach: false }).t.inventory());
  });

  it('ignores the public FQDN flag on a cluster that is not private', () => {
    expectNoFindings('AMLNET204', withCluster({ privateCluster: false, publicFqdn: true }).t.inventory());
  });

  it('ignores an attached cluster the scan could not see (another subscription, Arc)', () => {
    const s = privateWorkspace();
    s.t.compute(s.ws, 'arc', {
      type: 'Kubernetes',
      resourceId: '/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc',
    });
    expectNoFindings('AMLNET204', s.t.inventory());
  });
});
