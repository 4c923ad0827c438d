import { subscriptionOf } from '../../model/ids';
import { defineRule, type FindingInput } from '../types';
import { LEARN, isTrainingCompute } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET104',
    name: 'compute-same-subscription',
    severity: 'high',
    category: 'compute',
    summary: "A training compute's VNet must be in the workspace's subscription.",
    rationale:
      'how-to-secure-training-vnet: "The virtual network must be in the same subscription as the Azure Machine Learning workspace" for compute ' +
      'instances and clusters; a subnet in another subscription makes compute creation or start-up fail.',
    remediation: {
      text: "Recreate the compute in a subnet of a VNet that lives in the workspace's subscription.",
      azCli: 'az ml compute create -g <rg> -w <workspace> -n <name> --type AmlCompute --vnet-name <vnet-in-workspace-subscription> --subnet <subnet>',
      bicep:
        "// the subnet id must be in subscription().subscriptionId\nresource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {\n" +
        "  parent: workspace\n  name: 'cpu-cluster'\n  location: location\n  properties: { computeType: 'AmlCompute', properties: { subnet: { id: resourceId('Microsoft.Network/virtualNetworks/subnets', vnetName, subnetName) } } }\n}",
    },
    links: [LEARN + 'how-to-secure-training-vnet'],
    requires: ['workspaces', 'computes'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      for (const c of ws.computes) {
        if (!isTrainingCompute(c.computeType) || !c.subnetId) continue;
        const subnetSub = subscriptionOf(c.subnetId);
        if (!subnetSub || subnetSub === ws.subscriptionId) continue;
        findings.push({
          resourceId: c.id,
          workspaceId: ws.id,
          relatedResourceIds: [c.subnetId],
          message:
            `${c.computeType} ${c.name} uses a subnet in subscription ${subnetSub}, but workspace ${ws.name} is in subscription ${ws.subscriptionId}. ` +
            "Recreate it in a VNet of the workspace's subscription.",
          evidence: [
            { resourceId: c.id, property: 'properties.properties.subnet.id (subscription)', expected: ws.subscriptionId, actual: subnetSub },
          ],
        });
      }
    }
    return findings;
  },
});
