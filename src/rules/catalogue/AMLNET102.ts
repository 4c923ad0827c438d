import { vnetOfSubnet } from '../../model/ids';
import { defineRule, type FindingInput } from '../types';
import { LEARN, isComputeInstance, isTrainingCompute, list, short } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET102',
    name: 'compute-same-vnet',
    severity: 'high',
    severities: [
      { severity: 'high', when: "a compute instance outside the workspace's VNets, or a compute cluster in a VNet not peered with them" },
      { severity: 'medium', when: 'a compute cluster in a VNet peered with a workspace VNet' },
    ],
    category: 'compute',
    summary: "Training compute must be in the same VNet as the workspace's private endpoint.",
    rationale:
      'how-to-secure-training-vnet: "The compute instance or cluster must be in the same VNet as the workspace" when the workspace uses a private ' +
      'endpoint; "Secure Azure Machine Learning workspace resources using virtual networks" says the same in its training limitations: "Azure ' +
      'Compute Instance and Azure Compute Clusters must be in the same VNet, region, and subscription as the workspace and its associated ' +
      'resources." A cluster in a peered VNet can work but needs the DNS and routing set up in both VNets; a compute instance cannot.',
    remediation: {
      text: "Recreate the compute in a subnet of the VNet that holds the workspace's private endpoint (compute subnets cannot be changed in place).",
      azCli: 'az ml compute create -g <rg> -w <workspace> -n <cluster> --type AmlCompute --vnet-name <workspace-vnet> --subnet <subnet>',
      bicep:
        "resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {\n  parent: workspace\n  name: 'cpu-cluster'\n" +
        "  location: location\n  properties: {\n    computeType: 'AmlCompute'\n    properties: { subnet: { id: workspaceVnetSubnetId }, vmSize: 'STANDARD_DS3_V2' }\n  }\n}",
    },
    links: [LEARN + 'how-to-secure-training-vnet', LEARN + 'how-to-network-security-overview'],
    requires: ['workspaces', 'computes', 'privateEndpoints', 'virtualNetworks'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!model.hasApprovedPrivateEndpoint(ws)) continue;
      const wsVnets = model.vnetsOfWorkspace(ws);
      if (wsVnets.length === 0) continue;
      for (const c of ws.computes) {
        if (!isTrainingCompute(c.computeType) || !c.subnetId) continue;
        const vnetId = vnetOfSubnet(c.subnetId);
        if (!vnetId || wsVnets.includes(vnetId)) continue;
        const peered = wsVnets.filter((w) => model.arePeered(vnetId, w));
        const severity = !isComputeInstance(c.computeType) && peered.length > 0 ? 'medium' : 'high';
        findings.push({
          resourceId: c.id,
          workspaceId: ws.id,
          severity,
          relatedResourceIds: [c.subnetId, vnetId, ...wsVnets, ...model.approvedPrivateEndpointsOf(ws).map((p) => p.id)],
          message:
            `${c.computeType} ${c.name} is in VNet ${short(vnetId)} (subnet ${short(c.subnetId)}), but workspace ${ws.name}'s private endpoints are in ` +
            `${list(wsVnets)}${peered.length > 0 ? ` (peered)` : ''}. Recreate it in a subnet of ${list(wsVnets)}.`,
          evidence: [{ resourceId: c.id, property: 'properties.properties.subnet.id', expected: `a subnet of ${list(wsVnets)}`, actual: c.subnetId }],
        });
      }
    }
    return findings;
  },
});
