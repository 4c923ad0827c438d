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
      'The seed article (추론 환경 보안) offers two options for AKS in a VNet and contrasts them: "기본 AKS 클러스터에는 공용 IP 주소를 사용하는 컨트롤 '
      + '플레인이 있습니다" (a default AKS cluster has a control plane that uses a public IP address), while "프라이빗 AKS 클러스터에는 개인 IP를 통해서만 '
      + '액세스할 수 있는 컨트롤 플레인이 있습니다" (a private AKS cluster has a control plane reachable only through a private IP). Both are supported; '
      + 'for a workspace that is otherwise kept off the internet, the public control plane is the one part still reachable from it.',
    remediation: {
      text: 'Use a private AKS cluster (it must be created private and attached afterwards), or at least restrict the API server to authorized IP ranges.',
      azCli: 'az aks create -g <rg> -n <cluster> --enable-private-cluster --vnet-subnet-id <subnet-id> --network-plugin azure\n'
        + '# or, for an existing public cluster: az aks update -g <rg> -n <cluster> --api-server-authorized-ip-ranges <cidr>',
      bicep: "resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {\n  name: clusterName\n  location: location\n  properties: {\n"
        + "    apiServerAccessProfile: {\n      enablePrivateCluster: true\n      enablePrivateClusterPublicFQDN: false\n    }\n  }\n}",
    },
    links: [LEARN + 'how-to-network-security-overview', LEARN + 'how-to-secure-kubernetes-inferencing-environment', 'https://learn.microsoft.com/azure/aks/private-clusters'],
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
          message: `AKS cluster ${cluster.name}, attached to secured workspace ${ws.name} as ${list(computes.map((c) => c.id))}, has a public control plane. `
            + `Consider a private AKS cluster, or restrict its API server to authorized IP ranges.`,
          evidence: [{ resourceId: cluster.id, property: 'properties.apiServerAccessProfile.enablePrivateCluster', expected: 'true', actual: String(cluster.enablePrivateClusterSetting ?? 'absent') }],
        });
      }
    }
    return findings;
  },
});
