import { defineRule, type FindingInput } from '../types';
import { LEARN } from '../helpers';
import { defaultActionPath, describeAccess } from '../access';
import { lowerToken } from '../../model/ids';

export default defineRule({
  meta: {
    id: 'AMLNET002',
    name: 'public-workspace-private-resources',
    severity: 'medium',
    category: 'workspace',
    summary: 'A workspace open to the internet while its default storage is behind the VNet can expose that data.',
    rationale:
      'Microsoft Learn ("Public workspace and secured resources"): "While this is a supported configuration for Azure Machine Learning, Microsoft ' +
      "doesn't recommend it. The data in the Azure Storage Account behind the virtual network can be exposed on the public workspace. You should " +
      'verify this configuration with your security team before using it in production."',
    remediation: {
      text:
        'Disable public network access on the workspace and reach it through its private endpoint (VPN, ExpressRoute or a jump box through ' +
        'Azure Bastion). If public access is a deliberate, reviewed decision, suppress this finding with the reason.',
      azCli: 'az ml workspace update -g <rg> -n <workspace> --set public_network_access=Disabled',
      bicep:
        "resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {\n  name: workspaceName\n  location: location\n" +
        "  properties: {\n    // ...\n    publicNetworkAccess: 'Disabled'\n  }\n}",
    },
    links: [LEARN + 'how-to-network-security-overview', LEARN + 'how-to-secure-workspace-vnet', LEARN + 'how-to-configure-private-link'],
    policies: [{ name: 'Azure Machine Learning Workspaces should disable public network access', id: '438c38d2-3772-465a-a9cc-7a6666a275ce' }],
    requires: ['workspaces', 'storageAccounts', 'privateEndpoints'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!model.isPublicAccessEnabled(ws)) continue;
      const storage = model.storageAccount(ws.storageAccountId);
      if (!storage || !model.isRestricted(storage)) continue;
      const why =
        lowerToken(ws.publicNetworkAccess ?? '') === 'enabled'
          ? 'publicNetworkAccess is Enabled'
          : ws.allowPublicAccessWhenBehindVnet === true
            ? 'allowPublicAccessWhenBehindVnet is true'
            : 'publicNetworkAccess is absent and it has no private endpoint';
      findings.push({
        resourceId: ws.id,
        workspaceId: ws.id,
        relatedResourceIds: [storage.id],
        message:
          `Workspace ${ws.name} accepts public traffic (${why}) while its default storage account ${storage.name} is restricted ` +
          `(${describeAccess(storage)}): data behind the VNet can be exposed through the public workspace. Disable public access on the workspace, ` +
          'or confirm the configuration with your security team.',
        evidence: [
          {
            resourceId: ws.id,
            property: 'properties.publicNetworkAccess / properties.allowPublicAccessWhenBehindVnet',
            expected: 'Disabled / false',
            actual: `${ws.publicNetworkAccess ?? 'absent'} / ${ws.allowPublicAccessWhenBehindVnet ?? 'absent'}`,
          },
          {
            resourceId: storage.id,
            property: `properties.publicNetworkAccess / ${defaultActionPath(storage)}`,
            expected: 'restricted (the reason the workspace should be private too)',
            actual: describeAccess(storage),
          },
        ],
      });
    }
    return findings;
  },
});
