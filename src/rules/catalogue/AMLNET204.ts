import { attachedClusters } from '../../model/aks';
import { defineRule, type FindingInput } from '../types';
import { LEARN, list } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET204',
    name: 'aks-private-cluster-public-fqdn',
    severity: 'high',
    category: 'inference',
    summary: 'A private AKS cluster attached to a workspace must not also publish a public FQDN for its API server.',
    rationale:
      'how-to-secure-kubernetes-inferencing-environment, Limitations: "Using a public fully qualified domain name (FQDN) with a private AKS cluster ' +
      'isn\'t supported with Azure Machine Learning." "Secure Azure Machine Learning workspace resources using virtual networks" describes the ' +
      'private cluster as the one whose control plane is reachable only privately: "Private AKS clusters have a control plane, which can only be ' +
      'accessed through private IPs." With enablePrivateClusterPublicFQDN the API server name is also published in public DNS, which Azure Machine ' +
      "Learning does not support and which discloses the control plane's private address.",
    remediation: {
      text: 'Disable the public FQDN of the private cluster, and resolve the API server through the private DNS zone linked to the VNets that use it.',
      azCli: 'az aks update -g <rg> -n <cluster> --disable-public-fqdn',
      bicep:
        "resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {\n  name: clusterName\n  location: location\n  properties: {\n" +
        "    apiServerAccessProfile: {\n      enablePrivateCluster: true\n      enablePrivateClusterPublicFQDN: false\n      privateDNSZone: 'system'\n    }\n  }\n}",
    },
    links: [
      LEARN + 'how-to-secure-kubernetes-inferencing-environment',
      LEARN + 'how-to-network-security-overview',
      'https://learn.microsoft.com/azure/aks/private-clusters',
    ],
    requires: ['workspaces', 'computes', 'managedClusters'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      for (const { cluster, computes } of attachedClusters(model, ws)) {
        if (!cluster.privateCluster || !cluster.privateClusterPublicFqdn) continue;
        findings.push({
          resourceId: cluster.id,
          workspaceId: ws.id,
          relatedResourceIds: [...computes.map((c) => c.id), ws.id],
          message:
            `Private AKS cluster ${cluster.name}, attached to workspace ${ws.name} as ${list(computes.map((c) => c.id))}, also publishes a public FQDN ` +
            `for its API server, which Azure Machine Learning does not support. Disable it (az aks update --disable-public-fqdn).`,
          evidence: [
            {
              resourceId: cluster.id,
              property: 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN',
              expected: 'false',
              actual: 'true',
            },
          ],
        });
      }
    }
    return findings;
  },
});
