import type { ManagedOutboundRule } from '../../model/types';
import { defineRule, type FindingInput } from '../types';
import { LEARN, short } from '../helpers';
import { childRead } from '../reads';
import { lowerToken } from '../../model/ids';

export function describeDestination(rule: ManagedOutboundRule): string {
  const d = rule.destination;
  if (d === undefined) return '(no destination)';
  if (typeof d === 'string') return d;
  if (d.serviceResourceId) return `${short(d.serviceResourceId)}${d.subresourceTarget ? ` (${d.subresourceTarget})` : ''}`;
  return JSON.stringify(d);
}

export default defineRule({
  meta: {
    id: 'AMLNET502',
    name: 'managed-vnet-outbound-rule-failed',
    severity: 'high',
    category: 'managed-vnet',
    summary: "Every outbound rule of a workspace's managed VNet must have been provisioned; a Failed rule leaves its destination unreachable.",
    rationale:
      'how-to-managed-network: outbound rules are how the managed VNet reaches anything, "These rules define private endpoints that allow an Azure ' +
      'resource to securely communicate with the managed VNet", and in the allow-only-approved mode nothing else gets out. A rule whose status is ' +
      'Failed was not provisioned (often because the workspace identity could not approve the private endpoint connection on the target), so ' +
      'jobs, compute and endpoints fail to reach that storage account, registry, key vault or FQDN, with errors far from the cause.',
    remediation: {
      text:
        "Read the rule's error information, fix the cause (commonly: grant the workspace identity the Azure AI Enterprise Network Connection " +
        'Approver role on the target, or approve the pending private endpoint connection there), then remove and re-add the rule or re-provision the managed network.',
      azCli:
        'az ml workspace outbound-rule show -g <rg> --workspace-name <workspace> --rule <rule>\n' +
        'az ml workspace provision-network -g <rg> -n <workspace>',
      bicep:
        "resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {\n  name: workspaceName\n  location: location\n" +
        "  identity: { type: 'SystemAssigned' }\n  properties: {\n    managedNetwork: {\n      isolationMode: 'AllowOnlyApprovedOutbound'\n" +
        "      outboundRules: {\n        'storage-blob': {\n          type: 'PrivateEndpoint'\n" +
        "          destination: { serviceResourceId: storage.id, subresourceTarget: 'blob', sparkEnabled: false }\n        }\n      }\n    }\n  }\n}",
    },
    links: [LEARN + 'how-to-managed-network'],
    requires: ['workspaces', 'managedNetworks'],
    reads: [
      childRead({
        kind: 'managedNetworks',
        when: 'workspaces whose managed network is V2, which keeps its outbound rules in managedNetworks/default',
        after: [],
        wants: (ws) => ws.managedNetwork?.kind === 'v2',
      }),
    ],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      for (const rule of ws.managedNetwork?.outboundRules ?? []) {
        if (lowerToken(rule.status ?? '') !== 'failed') continue;
        const dest = rule.destination;
        findings.push({
          resourceId: ws.id,
          workspaceId: ws.id,
          relatedResourceIds: typeof dest === 'object' && dest.serviceResourceId ? [dest.serviceResourceId] : [],
          message:
            `Outbound rule ${rule.name} (${rule.type ?? 'unknown type'}${rule.category ? `, ${rule.category}` : ''}) of workspace ${ws.name}'s managed VNet ` +
            `to ${describeDestination(rule)} has status Failed${rule.errorInformation ? ` (${rule.errorInformation})` : ''}, so that destination is unreachable from managed compute. ` +
            'Fix the cause and re-provision the rule.',
          evidence: [
            {
              resourceId: ws.id,
              // V2 keeps its rules in the managedNetworks/default child, not in the workspace.
              property: `${ws.managedNetwork?.kind === 'v2' ? 'managedNetworks/default: ' : ''}properties.${ws.managedNetwork?.kind === 'v2' ? '' : 'managedNetwork.'}outboundRules.${rule.name}.status`,
              expected: 'Active',
              actual: rule.status ?? '',
            },
          ],
        });
      }
    }
    return findings;
  },
});
