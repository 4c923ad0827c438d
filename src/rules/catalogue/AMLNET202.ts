import { defineRule, type FindingInput } from '../types';
import { LEARN } from '../helpers';
import { lowerToken } from '../../model/ids';

export default defineRule({
  meta: {
    id: 'AMLNET202',
    name: 'online-deployment-egress',
    severity: 'low',
    severities: [
      { severity: 'low', when: 'egressPublicNetworkAccess is Enabled on a deployment of a secured workspace without a managed VNet' },
      {
        severity: 'info',
        when: 'egressPublicNetworkAccess is set (either value) on a deployment of a managed-VNet workspace, where it no longer applies',
      },
    ],
    category: 'inference',
    summary: 'Outbound traffic of a managed online deployment in a secured workspace should not go over public networks.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", Secure the inferencing environment): network ' +
      'isolation for managed online endpoints secures "Outbound communication with the workspace, Azure Container Registry, and Azure Blob ' +
      'Storage." With the legacy method, "Outbound communication from a deployment can be secured on a per-deployment basis by using the ' +
      'egress_public_network_access flag" (concept-secure-online-endpoint); left Enabled in a secured workspace, the deployment pulls images and ' +
      'models over public endpoints. With a workspace managed VNet, "the egress_public_network_access flag for the deployment no longer applies ' +
      'when you use a workspace managed virtual network with your deployment. Instead, outbound communication will be controlled by the rules set ' +
      'for the workspace\'s managed virtual network" (concept-secure-network-traffic-flow), so a value there only misleads.',
    remediation: {
      text:
        'Prefer a workspace managed VNet and recreate the deployment without egressPublicNetworkAccess. Without a managed VNet, recreate the ' +
        'deployment with egressPublicNetworkAccess Disabled (it cannot be changed on an existing deployment).',
      azCli: 'az ml online-deployment create -g <rg> -w <workspace> -f deployment.yml  # deployment.yml: egress_public_network_access: disabled',
      bicep:
        "resource deployment 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01' = {\n  parent: endpoint\n  name: 'blue'\n" +
        "  location: location\n  sku: { name: 'Default', capacity: 1 }\n  properties: {\n    endpointComputeType: 'Managed'\n    instanceType: 'Standard_DS3_v2'\n" +
        "    egressPublicNetworkAccess: 'Disabled' // omit on a managed-VNet workspace\n  }\n}",
    },
    links: [LEARN + 'concept-secure-online-endpoint', LEARN + 'concept-secure-network-traffic-flow', LEARN + 'how-to-managed-network'],
    requires: ['workspaces', 'onlineEndpoints', 'onlineDeployments', 'privateEndpoints', 'storageAccounts'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      const managed = model.isManagedVnet(ws);
      const secured = !managed && model.isSecured(ws);
      if (!managed && !secured) continue;
      for (const e of ws.onlineEndpoints) {
        for (const d of e.deployments) {
          const egress = d.egressPublicNetworkAccess;
          if (!egress) continue;
          if (managed) {
            findings.push({
              resourceId: d.id,
              workspaceId: ws.id,
              severity: 'info',
              relatedResourceIds: [e.id, ws.id],
              message:
                `Deployment ${d.name} of endpoint ${e.name} sets egressPublicNetworkAccess ${egress}, but workspace ${ws.name} uses a managed VNet ` +
                `(${ws.managedNetwork?.isolationMode}), which controls outbound traffic instead; the flag has no effect. Drop it when you next recreate the deployment.`,
              evidence: [
                {
                  resourceId: d.id,
                  property: 'properties.egressPublicNetworkAccess',
                  expected: 'absent (managed VNet controls egress)',
                  actual: egress,
                },
              ],
            });
          } else if (lowerToken(egress) === 'enabled') {
            findings.push({
              resourceId: d.id,
              workspaceId: ws.id,
              severity: 'low',
              relatedResourceIds: [e.id, ws.id],
              message:
                `Deployment ${d.name} of endpoint ${e.name} reaches the workspace, registry and storage of secured workspace ${ws.name} over public networks ` +
                `(egressPublicNetworkAccess Enabled). Recreate it with egressPublicNetworkAccess Disabled, or move the workspace to a managed VNet.`,
              evidence: [{ resourceId: d.id, property: 'properties.egressPublicNetworkAccess', expected: 'Disabled', actual: egress }],
            });
          }
        }
      }
    }
    return findings;
  },
});
