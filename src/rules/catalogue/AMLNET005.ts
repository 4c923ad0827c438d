import { defineRule, type FindingInput } from '../types';
import { DEPENDENCY_LABEL, LEARN } from '../helpers';
import { accessIsKnown, defaultActionPath, describeAccess } from '../access';

export default defineRule({
  meta: {
    id: 'AMLNET005',
    name: 'dependency-not-restricted',
    severity: 'high',
    category: 'workspace',
    summary: 'A private workspace\'s storage account, key vault or container registry accepts traffic from all networks.',
    rationale:
      'how-to-secure-workspace-vnet: "Securing a workspace with private endpoints does not ensure end-to-end security by itself ... if you use a '
      + 'private endpoint for the workspace, but your Azure Storage Account is not behind the VNet, traffic between the workspace and storage does '
      + 'not use the VNet for security." The seed article\'s secured scenario puts every associated resource behind the VNet: "서비스 엔드포인트 '
      + '또는 프라이빗 엔드포인트 중 하나를 사용하여 다음 서비스를 가상 네트워크에 추가합니다" (add the following services to the virtual network with '
      + 'a service endpoint or a private endpoint: the key vault, the storage account and the container registry).',
    remediation: {
      text: 'Restrict the dependency to the workspace\'s VNet: give it a private endpoint there (or, for storage and key vault, a VNet rule for '
        + 'a subnet with a service endpoint), allow trusted Microsoft services, then disable public network access or set the firewall\'s '
        + 'default action to Deny.',
      azCli: 'az storage account update -g <rg> -n <storage> --public-network-access Disabled --default-action Deny --bypass AzureServices\n'
        + 'az keyvault update -g <rg> -n <vault> --public-network-access Disabled --default-action Deny --bypass AzureServices\n'
        + 'az acr update -g <rg> -n <registry> --public-network-enabled false --allow-trusted-services true',
      bicep: "resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  // ...\n  properties: {\n    publicNetworkAccess: 'Disabled'\n"
        + "    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }\n  }\n}\n"
        + "resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {\n  // ...\n  sku: { name: 'Premium' }\n"
        + "  properties: { publicNetworkAccess: 'Disabled', networkRuleBypassOptions: 'AzureServices' }\n}",
    },
    links: [LEARN + 'how-to-secure-workspace-vnet', LEARN + 'how-to-network-security-overview'],
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
          message: `The ${label} ${dep.name} of private workspace ${ws.name} accepts traffic from all networks (${describeAccess(dep)}). `
            + `Restrict it to the workspace's VNet: disable public network access or set the firewall's default action to Deny.`,
          evidence: [{
            resourceId: dep.id,
            property: `properties.publicNetworkAccess / ${defaultActionPath(dep)}`,
            expected: 'Disabled, or a firewall with defaultAction Deny',
            actual: describeAccess(dep),
          }],
        });
      }
    }
    return findings;
  },
});
