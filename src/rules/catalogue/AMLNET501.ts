import { lowerToken, vnetOfSubnet } from '../../model/ids';
import { defineRule, type FindingInput } from '../types';
import { LEARN, short } from '../helpers';

/** Compute types the managed VNet does not support: Kubernetes (AKS v1 and v2 Kubernetes compute) and attached VMs. */
const UNSUPPORTED_TYPES = new Set(['kubernetes', 'aks', 'virtualmachine']);

export default defineRule({
  meta: {
    id: 'AMLNET501',
    name: 'managed-vnet-customer-compute',
    severity: 'high',
    category: 'managed-vnet',
    summary: 'A managed-VNet workspace must not use compute in a customer VNet, Kubernetes compute or attached VMs.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks") recommends the managed VNet over its own steps: ' +
      '"With a managed virtual network, Azure Machine Learning handles the job of network isolation for your workspace and managed computes." ' +
      'how-to-managed-network, Limitations: "Kubernetes and attached VMs aren\'t supported in an Azure Machine Learning managed virtual network." ' +
      'Managed compute resources "automatically use this managed virtual network"; a compute instance or cluster still pointing at a customer ' +
      'subnet is left over from before the switch ("you must delete all computing resources for the workspace") and is isolated by neither design.',
    remediation: {
      text:
        "Delete the compute and recreate it without a subnet, so it runs in the workspace's managed VNet; move Kubernetes and attached-VM " +
        'workloads to managed compute or managed online endpoints, or to a workspace that uses a customer VNet.',
      azCli:
        'az ml compute delete -g <rg> -w <workspace> -n <compute> --yes\n' +
        'az ml compute create -g <rg> -w <workspace> -n <compute> --type AmlCompute --size STANDARD_DS3_V2  # no --vnet-name/--subnet',
      bicep:
        "resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {\n  parent: workspace\n  name: 'cpu-cluster'\n" +
        "  location: location\n  properties: {\n    computeType: 'AmlCompute'\n    properties: { vmSize: 'STANDARD_DS3_V2' } // no subnet: the managed VNet\n  }\n}",
    },
    links: [LEARN + 'how-to-managed-network', LEARN + 'how-to-network-security-overview'],
    policies: [
      {
        name: 'Azure Machine Learning and Ai Studio should use Allow Only Approved Outbound Managed Vnet mode',
        id: '6ddb1705-c8cf-450e-aa4b-19ad6703c440',
      },
    ],
    requires: ['workspaces', 'computes'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!model.isManagedVnet(ws)) continue;
      const mode = ws.managedNetwork?.isolationMode;
      for (const c of ws.computes) {
        const unsupportedType = UNSUPPORTED_TYPES.has(lowerToken(c.computeType));
        if (!c.subnetId && !unsupportedType) continue;
        const vnetId = c.subnetId ? vnetOfSubnet(c.subnetId) : undefined;
        const why = unsupportedType
          ? `is a ${c.computeType} compute, which a managed VNet does not support`
          : `is in customer subnet ${short(c.subnetId)} of VNet ${short(vnetId)} instead of the managed VNet`;
        findings.push({
          resourceId: c.id,
          workspaceId: ws.id,
          relatedResourceIds: [
            ws.id,
            ...(c.subnetId ? [c.subnetId] : []),
            ...(vnetId ? [vnetId] : []),
            ...(c.clusterResourceId ? [c.clusterResourceId] : []),
          ],
          message:
            `Compute ${c.name} of managed-VNet workspace ${ws.name} (${mode}) ${why}. ` +
            (unsupportedType
              ? 'Move the workload to managed compute or a managed online endpoint.'
              : 'Recreate it without a subnet so it runs in the managed VNet.'),
          evidence: [
            unsupportedType
              ? {
                  resourceId: c.id,
                  property: 'properties.computeType',
                  expected: 'ComputeInstance, AmlCompute or serverless (managed compute)',
                  actual: c.computeType,
                }
              : { resourceId: c.id, property: 'properties.properties.subnet.id', expected: 'absent (the managed VNet)', actual: c.subnetId ?? '' },
          ],
        });
      }
    }
    return findings;
  },
});
