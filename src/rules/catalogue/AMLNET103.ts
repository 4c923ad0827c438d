import { defineRule, type FindingInput } from '../types';
import { LEARN, isTrainingCompute } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET103',
    name: 'compute-same-region',
    severity: 'high',
    category: 'compute',
    summary: 'Training compute must be in the same region as the workspace.',
    rationale:
      'how-to-secure-training-vnet: "The compute cluster/instance must be in the same Azure region as the workspace" when they share a VNet, ' +
      "and a VNet cannot span regions: a compute in another region cannot reach the workspace's private endpoint.",
    remediation: {
      text: "Recreate the compute in the workspace's region, in a subnet of a VNet in that region.",
      azCli:
        'az ml compute create -g <rg> -w <workspace> -n <name> --type AmlCompute --location <workspace-region> --vnet-name <vnet> --subnet <subnet>',
      bicep:
        "resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {\n  parent: workspace\n  name: 'cpu-cluster'\n" +
        "  location: workspace.location // same region as the workspace\n  properties: { computeType: 'AmlCompute', properties: { subnet: { id: subnetId } } }\n}",
    },
    links: [LEARN + 'how-to-secure-training-vnet'],
    requires: ['workspaces', 'computes'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!ws.location) continue;
      for (const c of ws.computes) {
        if (!isTrainingCompute(c.computeType) || !c.location || c.location === ws.location) continue;
        findings.push({
          resourceId: c.id,
          workspaceId: ws.id,
          relatedResourceIds: c.subnetId ? [c.subnetId] : [],
          message: `${c.computeType} ${c.name} is in ${c.location}, but workspace ${ws.name} is in ${ws.location}. Recreate the compute in ${ws.location}.`,
          evidence: [{ resourceId: c.id, property: 'location', expected: ws.location, actual: c.location }],
        });
      }
    }
    return findings;
  },
});
