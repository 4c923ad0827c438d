import { defineRule, type FindingInput } from '../types';
import { DEPENDENCY_LABEL, LEARN } from '../helpers';
import { accessIsKnown, defaultActionPath, describeAccess } from '../access';

export default defineRule({
  meta: {
    id: 'AMLNET005',
    name: 'dependency-not-restricted',
    severity: 'high',
    category: 'workspace',
    summary: "A private workspace's storage account, key vault or container registry accepts traffic from all networks.",
    rationale:
      'how-to-secure-workspace-vnet: "Securing a workspace with private endpoints does not ensure end-to-end security by itself ... if you use a ' +
      'private endpoint for the workspace, but your Azure Storage Account is not behind the VNet, traffic between the workspace and storage does ' +
      'not use the VNet for security." "Secure Azure Machine Learning workspace resources using virtual networks" puts every associated resource ' +
      'behind the VNet: "Add the following services to the virtual network by using either a service endpoint or a private endpoint" (Azure Key ' +
      'Vault, Azure Storage Account, Azure Container Registry).',
    remediation: {
      text:
        "Restrict the dependency to the workspace's VNet: give it a private endpoint there (or, for storage and key vault, a VNet rule for " +
        "a subnet with a service endpoint), allow trusted Microsoft services, then disable public network access or set the firewall's " +
        'default action to Deny.',
      azCli:
        'az storage account update -g <rg> -n <storage> --public-network-access Disabled --default-action Deny --bypass AzureServices\n' +
        'az keyvault update -g <rg> -n <vault> --public-network-access Disabled --default-action Deny --bypass AzureServices\n' +
        'az acr update -g <rg> -n <registry> --public-network-enabled false --allow-trusted-services true',
      bicep:
        "resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  // ...\n  properties: {\n    publicNetworkAccess: 'Disabled'\n" +
        "    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }\n  }\n}\n" +
        "resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {\n  // ...\n  sku: { name: 'Premium' }\n" +
        "  properties: { publicNetworkAccess: 'Disabled', networkRuleBypassOptions: 'AzureServices' }\n}",
    },
    links: [LEARN + 'how-to-secure-workspace-vnet', LEARN + 'how-to-network-security-overview'],
    policies: [
      { name: 'Storage accounts should restrict network access', id: '34c877ad-507e-4c82-993e-3452a6e0ad3c' },
      { name: 'Azure Key Vault should have firewall enabled or public network access disabled', id: '55615ac9-af46-4a59-874e-391cc3dfb490' },
      { name: 'Container registries should not allow unrestricted network access', id: 'd0793b48-0edc-4296-a390-4c75d1bdfd71' },
    ],
    requires: ['workspaces', 'storageAccounts', 'keyVaults', 'containerRegistries', 'privateEndpoints'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!model.hasApprovedPrivateEndpoint(ws) || model.isPublicAccessEnabled(ws)) continue;
      // dependenciesOf holds only what the workspace names and the scan found: no registry yet, no finding for it.
      for (const dep of model.dependenciesOf(ws)) {
        if (model.isRestricted(dep) || !accessIsKnown(dep)) continue;
        const label = DEPENDENCY_LABEL[dep.dependencyKind];
        findings.push({
          resourceId: dep.id,
          workspaceId: ws.id,
          relatedResourceIds: [ws.id],
          message:
            `The ${label} ${dep.name} of private workspace ${ws.name} accepts traffic from all networks (${describeAccess(dep)}). ` +
            `Restrict it to the workspace's VNet: disable public network access or set the firewall's default action to Deny.`,
          evidence: [
            {
              resourceId: dep.id,
              property: `properties.publicNetworkAccess / ${defaultActionPath(dep)}`,
              expected: 'Disabled, or a firewall with defaultAction Deny',
              actual: describeAccess(dep),
            },
          ],
        });
      }
    }
    return findings;
  },
});
