import type { Dependency, Workspace } from '../../model/types';
import type { Evidence, FindingInput } from '../types';
import { defineRule } from '../types';
import { DEPENDENCY_LABEL, LEARN } from '../helpers';
import { lowerToken } from '../../model/ids';

const AZURE_SERVICES = 'azureservices';

/** What is missing for trusted Microsoft services to reach this dependency, or undefined when nothing is (or it is unknown). */
function missingBypass(dep: Dependency, ws: Workspace): Evidence | undefined {
  switch (dep.dependencyKind) {
    case 'storage': {
      const acls = dep.networkAcls;
      if (!acls) return undefined; // not in the payload: unknown, not bad
      if (acls.bypass.some((b) => lowerToken(b) === AZURE_SERVICES)) return undefined;
      if (acls.resourceAccessRules.some((r) => r.resourceId === ws.id)) return undefined;
      return {
        resourceId: dep.id,
        property: 'networkAcls.bypass / networkAcls.resourceAccessRules',
        expected: `AzureServices, or a resource access rule for ${ws.name}`,
        actual: acls.bypass.join(', ') || 'None',
      };
    }
    case 'keyVault': {
      const acls = dep.networkAcls;
      if (!acls) return undefined;
      if (acls.bypass.some((b) => lowerToken(b) === AZURE_SERVICES)) return undefined;
      return { resourceId: dep.id, property: 'properties.networkAcls.bypass', expected: 'AzureServices', actual: acls.bypass.join(', ') || 'None' };
    }
    case 'containerRegistry': {
      const bypass = (dep as Dependency & { networkRuleBypassOptions?: string }).networkRuleBypassOptions;
      if (bypass === undefined || lowerToken(bypass) === AZURE_SERVICES) return undefined;
      return { resourceId: dep.id, property: 'properties.networkRuleBypassOptions', expected: 'AzureServices', actual: bypass };
    }
  }
}

export default defineRule({
  meta: {
    id: 'AMLNET008',
    name: 'trusted-services-bypass',
    severity: 'high',
    category: 'workspace',
    summary: 'A restricted storage account, key vault or registry must let trusted Microsoft services through.',
    rationale:
      'how-to-secure-workspace-vnet: when a dependency\'s firewall is on, "Allow Azure services on the trusted services list to access this storage account" ' +
      '(storage, or a resource instance rule for the workspace), "Allow trusted Microsoft services to bypass this firewall" (key vault) and the ' +
      'trusted-services exception on the container registry must be enabled, or the workspace itself cannot reach them.',
    remediation: {
      text:
        'Enable the trusted-services exception: storage networkAcls.bypass includes AzureServices (or add a resource access rule for the workspace); ' +
        'key vault networkAcls.bypass = AzureServices; container registry networkRuleBypassOptions = AzureServices.',
      azCli:
        'az storage account update -g <rg> -n <storage> --bypass AzureServices Logging Metrics\n' +
        'az keyvault update -g <rg> -n <vault> --bypass AzureServices\n' +
        'az acr update -g <rg> -n <registry> --allow-trusted-services true',
      bicep:
        "resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  // ...\n  properties: { networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } }\n}\n" +
        "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  // ...\n  properties: { networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } }\n}",
    },
    links: [
      LEARN + 'how-to-secure-workspace-vnet',
      'https://learn.microsoft.com/azure/storage/common/storage-network-security#grant-access-to-trusted-azure-services',
    ],
    requires: ['workspaces', 'storageAccounts', 'keyVaults', 'containerRegistries'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      for (const dep of model.dependenciesOf(ws)) {
        if (!model.isRestricted(dep)) continue;
        const evidence = missingBypass(dep, ws);
        if (!evidence) continue;
        findings.push({
          resourceId: dep.id,
          workspaceId: ws.id,
          relatedResourceIds: [ws.id],
          message:
            `The ${DEPENDENCY_LABEL[dep.dependencyKind]} ${dep.name} of workspace ${ws.name} is restricted but does not let trusted Microsoft services through ` +
            `(${evidence.property} is ${evidence.actual}; expected ${evidence.expected}).`,
          evidence: [evidence],
        });
      }
    }
    return findings;
  },
});
