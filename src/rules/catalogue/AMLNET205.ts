import { attachedClusters } from '../../model/aks';
import { defineRule, type FindingInput } from '../types';
import { LEARN, list } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET205',
    name: 'aks-public-control-plane',
    severity: 'info',
    category: 'inference',
    summary: 'An AKS cluster attached to a secured workspace has a public control plane.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", v1 inferencing) offers two options for AKS in a ' +
      'VNet and contrasts them: "Default AKS clusters have a control plane with public IP addresses", while "Private AKS clusters have a control ' +
      'plane, which can only be accessed through private IPs." Both are supported; for a workspace that is otherwise kept off the internet, the ' +
      'public control plane is the one part still reachable from it.',
    remediation: {
      text: 'Use a private AKS cluster (it must be created private and attached afterwards), or at least restrict the API server to authorized IP ranges.',
      azCli:
        'az aks create -g <rg> -n <cluster> --enable-private-cluster --vnet-subnet-id <subnet-id> --network-plugin azure\n' +
        '# or, for an existing public cluster: az aks update -g <rg> -n <cluster> --api-server-authorized-ip-ranges <cidr>',
      bicep:
        "resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {\n  name: clusterName\n  location: location\n  properties: {\n" +
        '    apiServerAccessProfile: {\n      enablePrivateCluster: true\n      enablePrivateClusterPublicFQDN: false\n    }\n  }\n}',
    },
    links: [
      LEARN + 'how-to-network-security-overview',
      LEARN + 'how-to-secure-kubernetes-inferencing-environment',
      'https://learn.microsoft.com/azure/aks/private-clusters',
    ],
    policies: [{ name: 'Azure Kubernetes Service Private Clusters should be enabled', id: '040732e8-d947-40b8-95d6-854c95024bf8' }],
    requires: ['workspaces', 'computes', 'managedClusters', 'privateEndpoints', 'storageAccounts'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!model.isSecured(ws)) continue;
      for (const { cluster, computes } of attachedClusters(model, ws)) {
        // An absent apiServerAccessProfile is a public cluster: private clusters are created private and always say so.
        if (cluster.privateCluster) continue;
        findings.push({
          resourceId: cluster.id,
          workspaceId: ws.id,
          relatedResourceIds: [...computes.map((c) => c.id), ws.id],
          message:
            `AKS cluster ${cluster.name}, attached to secured workspace ${ws.name} as ${list(computes.map((c) => c.id))}, has a public control plane. ` +
            `Consider a private AKS cluster, or restrict its API server to authorized IP ranges.`,
          evidence: [
            {
              resourceId: cluster.id,
              property: 'properties.apiServerAccessProfile.enablePrivateCluster',
              expected: 'true',
              actual: String(cluster.enablePrivateClusterSetting ?? 'absent'),
            },
          ],
        });
      }
    }
    return findings;
  },
});
