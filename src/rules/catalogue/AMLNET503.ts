import { lowerToken, normalizeId } from '../../model/ids';
import type { DependencyKind, Workspace } from '../../model/types';
import { defineRule, type FindingInput } from '../types';
import { DEPENDENCY_LABEL, LEARN } from '../helpers';

/** The sub-resources each dependency needs a PrivateEndpoint outbound rule for. */
const REQUIRED_TARGETS: Record<DependencyKind, string[]> = {
  storage: ['blob', 'file'],
  keyVault: ['vault'],
  containerRegistry: ['registry'],
};

function dependencyIds(ws: Workspace): { kind: DependencyKind; id: string }[] {
  const out: { kind: DependencyKind; id: string }[] = [];
  if (ws.storageAccountId) out.push({ kind: 'storage', id: ws.storageAccountId });
  if (ws.keyVaultId) out.push({ kind: 'keyVault', id: ws.keyVaultId });
  if (ws.containerRegistryId) out.push({ kind: 'containerRegistry', id: ws.containerRegistryId }); // none yet: nothing to reach
  return out;
}

export default defineRule({
  meta: {
    id: 'AMLNET503',
    name: 'managed-vnet-required-endpoints',
    severity: 'medium',
    category: 'managed-vnet',
    summary:
      "An allow-only-approved managed VNet needs PrivateEndpoint outbound rules to the workspace's storage (blob, file), key vault and container registry.",
    rationale:
      'how-to-managed-network, List of required rules: "When the isolation mode for the managed virtual network is Allow only approved outbound, ' +
      'private endpoint outbound rules are automatically created as required rules from the managed virtual network for the workspace and associated ' +
      'resources regardless of public network access mode for those resources (Key Vault, Storage Account, Container Registry, Azure Machine Learning ' +
      'workspace)." In that mode nothing leaves the managed VNet except through its rules, so a missing rule (removed, or never created because ' +
      'the dependency was swapped after provisioning) means managed compute cannot read the default storage, fetch secrets or pull images.',
    remediation: {
      text:
        'Add PrivateEndpoint outbound rules for the missing sub-resources (storage blob and file, key vault vault, container registry registry), ' +
        'then provision the managed network.',
      azCli:
        'az ml workspace outbound-rule set -g <rg> --workspace-name <workspace> --rule storage-file --type private_endpoint \\\n' +
        '  --service-resource-id <storage-account-id> --subresource-target file --spark-enabled false\n' +
        'az ml workspace provision-network -g <rg> -n <workspace>',
      bicep:
        "resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {\n  name: workspaceName\n  location: location\n" +
        "  identity: { type: 'SystemAssigned' }\n  properties: {\n    managedNetwork: {\n      isolationMode: 'AllowOnlyApprovedOutbound'\n      outboundRules: {\n" +
        "        'storage-blob': { type: 'PrivateEndpoint', destination: { serviceResourceId: storage.id, subresourceTarget: 'blob', sparkEnabled: false } }\n" +
        "        'storage-file': { type: 'PrivateEndpoint', destination: { serviceResourceId: storage.id, subresourceTarget: 'file', sparkEnabled: false } }\n" +
        "        'keyvault': { type: 'PrivateEndpoint', destination: { serviceResourceId: keyVault.id, subresourceTarget: 'vault', sparkEnabled: false } }\n" +
        "        'registry': { type: 'PrivateEndpoint', destination: { serviceResourceId: registry.id, subresourceTarget: 'registry', sparkEnabled: false } }\n" +
        '      }\n    }\n  }\n}',
    },
    links: [LEARN + 'how-to-managed-network'],
    requires: ['workspaces'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      const mn = ws.managedNetwork;
      if (!mn || lowerToken(mn.isolationMode ?? '') !== 'allowonlyapprovedoutbound') continue;
      if (mn.outboundRulesUnknown) continue; // the payload did not carry the rules: unknown, not missing
      // sub-resources covered per destination id
      const covered = new Map<string, Set<string>>();
      for (const rule of mn.outboundRules) {
        if (lowerToken(rule.type ?? '') !== 'privateendpoint') continue;
        const d = rule.destination;
        if (typeof d !== 'object' || !d.serviceResourceId || !d.subresourceTarget) continue;
        const key = normalizeId(d.serviceResourceId);
        const set = covered.get(key) ?? new Set<string>();
        set.add(lowerToken(d.subresourceTarget));
        covered.set(key, set);
      }
      for (const { kind, id } of dependencyIds(ws)) {
        const have = covered.get(id) ?? new Set<string>();
        const missing = REQUIRED_TARGETS[kind].filter((t) => !have.has(t));
        if (missing.length === 0) continue;
        const name = model.dependency(id)?.name ?? id.split('/').pop();
        findings.push({
          resourceId: ws.id,
          workspaceId: ws.id,
          relatedResourceIds: [id],
          message:
            `Workspace ${ws.name}'s managed VNet (AllowOnlyApprovedOutbound) has no PrivateEndpoint outbound rule to ${DEPENDENCY_LABEL[kind]} ${name} ` +
            `for ${missing.join(' and ')}, so managed compute cannot reach it. Add the rule${missing.length > 1 ? 's' : ''} and provision the managed network.`,
          evidence: [
            {
              resourceId: ws.id,
              property: 'properties.managedNetwork.outboundRules',
              expected: `PrivateEndpoint rules to ${name} for ${REQUIRED_TARGETS[kind].join(', ')}`,
              actual: have.size ? `rules for ${[...have].join(', ')}` : 'none',
            },
          ],
        });
      }
    }
    return findings;
  },
});
