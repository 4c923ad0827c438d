import type { Model } from '../../model/model';
import type { Workspace } from '../../model/types';
import type { Evidence, FindingInput } from '../types';
import { defineRule } from '../types';
import { DEPENDENCY_LABEL, LEARN } from '../helpers';
import { defaultActionPath, describeAccess } from '../access';

/**
 * A dependency the workspace names but the model does not hold, in a subscription the scan did
 * not cover: its network settings are unknown, so "none of them restricted" cannot be claimed. In
 * a scanned subscription an absent resource was deleted (a 404), which rules.md treats as absent.
 */
function unknownDependency(model: Model, ws: Workspace): string | undefined {
  for (const id of [ws.storageAccountId, ws.keyVaultId, ws.containerRegistryId]) {
    if (!id || model.dependency(id)) continue;
    const sub = model.subscriptionOf(id);
    if (!sub || !model.subscriptions.includes(sub)) return id;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'AMLNET001',
    name: 'workspace-no-network-isolation',
    severity: 'medium',
    category: 'workspace',
    summary:
      'The workspace is in the "no virtual network" scenario of Microsoft\'s network isolation guidance: every part is reached over public IPs.',
    rationale:
      'Microsoft Learn\'s "Secure Azure Machine Learning workspace resources using virtual networks" compares how each part of Azure Machine ' +
      'Learning is reached with and without a VNet. Its first row, "No virtual network | Public IP | Public IP | Public IP | Public IP", is the ' +
      'configuration with no network isolation at all: the workspace, the associated resources, training compute and inference compute are all ' +
      'reached over public IPs. The article opens by recommending the managed virtual network instead: "With a managed virtual network, Azure ' +
      'Machine Learning handles the job of network isolation for your workspace and managed computes."',
    remediation: {
      text:
        'Isolate the workspace: enable its managed virtual network (the simplest route), or follow "Secure Azure Machine Learning workspace resources using virtual networks" with a VNet of your own: ' +
        'a private endpoint for the workspace, private or service endpoints for its storage account, key vault and container registry with their ' +
        'public access restricted, and training compute in that VNet.',
      azCli:
        'az ml workspace update -g <rg> -n <workspace> --managed-network allow_only_approved_outbound\n' +
        'az ml workspace provision-network -g <rg> -n <workspace>',
      bicep:
        "resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {\n  name: workspaceName\n  location: location\n" +
        "  identity: { type: 'SystemAssigned' }\n  properties: {\n    storageAccount: storage.id\n    keyVault: vault.id\n" +
        "    publicNetworkAccess: 'Disabled'\n    managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' }\n  }\n}",
    },
    links: [LEARN + 'how-to-network-security-overview', LEARN + 'how-to-managed-network', LEARN + 'how-to-secure-workspace-vnet'],
    policies: [
      { name: 'Azure Machine Learning Workspaces should disable public network access', id: '438c38d2-3772-465a-a9cc-7a6666a275ce' },
      { name: 'Azure Machine Learning workspaces should use private link', id: '40cec1dd-a100-4920-b15b-3024fe8901ab' },
    ],
    requires: ['workspaces', 'computes', 'storageAccounts', 'keyVaults', 'containerRegistries', 'privateEndpoints'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (model.scenarioOf(ws) !== 'no-vnet') continue;
      if (unknownDependency(model, ws)) continue;
      const deps = model.dependenciesOf(ws);
      const evidence: Evidence[] = [
        {
          resourceId: ws.id,
          property: 'properties.publicNetworkAccess',
          expected: 'Disabled (reached through a private endpoint)',
          actual: ws.publicNetworkAccess ?? 'absent (public)',
        },
        {
          resourceId: ws.id,
          property: 'properties.managedNetwork.isolationMode',
          expected: 'AllowInternetOutbound or AllowOnlyApprovedOutbound',
          actual: ws.managedNetwork?.isolationMode ?? 'absent',
        },
        ...deps.map((d) => ({
          resourceId: d.id,
          property: `properties.publicNetworkAccess / ${defaultActionPath(d)}`,
          expected: 'Disabled / Deny',
          actual: describeAccess(d),
        })),
      ];
      const names = deps.map((d) => `${DEPENDENCY_LABEL[d.dependencyKind]} ${d.name}`);
      const depText = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
      findings.push({
        resourceId: ws.id,
        workspaceId: ws.id,
        relatedResourceIds: deps.map((d) => d.id),
        message:
          `Workspace ${ws.name} has no network isolation: it accepts public traffic, has no Approved private endpoint or managed VNet, ` +
          `${depText ? `its ${depText} accept traffic from all networks, ` : ''}and no compute is in a VNet. ` +
          'Enable the managed virtual network, or put the workspace and its resources behind private endpoints.',
        evidence,
      });
    }
    return findings;
  },
});
