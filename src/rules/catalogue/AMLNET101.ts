import { defineRule, type FindingInput } from '../types';
import { LEARN, isTrainingCompute } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET101',
    name: 'compute-not-in-vnet',
    severity: 'high',
    category: 'compute',
    summary: 'In a secured workspace without a managed VNet, compute instances and clusters must be created in a VNet subnet.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks"), the first step to secure the training ' +
      'environment: "Create an Azure Machine Learning compute instance and computer cluster in the virtual network to run the training job." A ' +
      "compute outside the VNet cannot reach the workspace's private endpoint or a restricted storage account, so jobs fail (or the data path " +
      'leaves the network isolation the workspace was secured for).',
    remediation: {
      text:
        "Recreate the compute instance or cluster in a subnet of the workspace's VNet (a compute's subnet cannot be set after creation), " +
        'or move the workspace to a managed virtual network.',
      azCli:
        'az ml compute create -g <rg> -w <workspace> -n <cluster> --type AmlCompute --size STANDARD_DS3_V2 \\\n' +
        '  --vnet-name <workspace-vnet> --subnet <subnet-id> --enable-node-public-ip false',
      bicep:
        "resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {\n  parent: workspace\n  name: 'cpu-cluster'\n" +
        "  location: location\n  properties: {\n    computeType: 'AmlCompute'\n" +
        "    properties: { vmSize: 'STANDARD_DS3_V2', subnet: { id: computeSubnetId }, enableNodePublicIp: false }\n  }\n}",
    },
    links: [LEARN + 'how-to-secure-training-vnet', LEARN + 'how-to-network-security-overview'],
    policies: [{ name: 'Azure Machine Learning Computes should be in a virtual network', id: '7804b5c7-01dc-4723-969b-ae300cc07ff1' }],
    requires: ['workspaces', 'computes', 'storageAccounts', 'privateEndpoints'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (model.isManagedVnet(ws) || !model.isSecured(ws)) continue;
      const hasPe = model.hasApprovedPrivateEndpoint(ws);
      const why = hasPe ? 'has an Approved private endpoint' : 'has a restricted default storage account';
      for (const c of ws.computes) {
        if (!isTrainingCompute(c.computeType) || c.subnetId) continue;
        findings.push({
          resourceId: c.id,
          workspaceId: ws.id,
          relatedResourceIds: hasPe ? model.approvedPrivateEndpointIdsOf(ws) : [ws.storageAccountId ?? ws.id],
          message:
            `${c.computeType} ${c.name} has no subnet, but workspace ${ws.name} ${why} and no managed VNet. ` +
            "Recreate the compute in a subnet of the workspace's VNet.",
          evidence: [
            { resourceId: c.id, property: 'properties.properties.subnet.id', expected: "a subnet of the workspace's VNet", actual: 'absent' },
          ],
        });
      }
    }
    return findings;
  },
});
