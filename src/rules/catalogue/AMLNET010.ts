import type { Node } from '../../model/types';
import { defineRule, type FindingInput } from '../types';
import { DEPENDENCY_LABEL, LEARN } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET010',
    name: 'dependency-region',
    severity: 'info',
    category: 'workspace',
    summary: "The workspace's storage account, key vault, container registry or Application Insights is in another region.",
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", training limitations): "Azure Compute Instance ' +
      'and Azure Compute Clusters must be in the same VNet, region, and subscription as the workspace and its associated resources." An associated ' +
      "resource in another region than the workspace also adds latency to every call between them, and the traffic leaves the VNet's region, so a " +
      "private endpoint in the workspace's VNet reaches the resource over the global backbone.",
    remediation: {
      text:
        "Prefer associated resources in the workspace's region. A resource's region cannot be changed: to move it, create a new one in the " +
        "workspace's region and migrate the data; for a new workspace, create it with resources in its own region.",
      azCli:
        'az storage account create -g <rg> -n <new-storage> -l <workspace-region> --sku Standard_LRS --kind StorageV2\n' +
        'az ml workspace create -g <rg> -n <workspace> -l <region> --storage-account <storage-id> --key-vault <vault-id> --container-registry <registry-id>',
      bicep:
        "resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: storageName\n  location: workspace.location // same region as the workspace\n" +
        "  kind: 'StorageV2'\n  sku: { name: 'Standard_LRS' }\n}",
    },
    links: [LEARN + 'how-to-network-security-overview', LEARN + 'concept-workspace'],
    requires: ['workspaces', 'storageAccounts', 'keyVaults', 'containerRegistries', 'applicationInsights'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!ws.location) continue;
      const resources: { node: Node; label: string }[] = model
        .dependenciesOf(ws)
        .map((d) => ({ node: d, label: DEPENDENCY_LABEL[d.dependencyKind] }));
      const insights = model.get<Node>(ws.applicationInsightsId);
      if (insights && model.applicationInsights.includes(insights)) resources.push({ node: insights, label: 'Application Insights' });
      for (const { node, label } of resources) {
        if (!node.location || node.location === ws.location) continue;
        findings.push({
          resourceId: node.id,
          workspaceId: ws.id,
          relatedResourceIds: [ws.id],
          message:
            `The ${label} ${node.name} of workspace ${ws.name} is in ${node.location}, the workspace in ${ws.location}: expect extra latency. ` +
            `Prefer a ${label} in ${ws.location}.`,
          evidence: [{ resourceId: node.id, property: 'location', expected: ws.location, actual: node.location }],
        });
      }
    }
    return findings;
  },
});
