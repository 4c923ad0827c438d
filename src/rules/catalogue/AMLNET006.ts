import type { Dependency } from '../../model/types';
import { defineRule, type FindingInput } from '../types';
import { DEPENDENCY_LABEL, LEARN, list, short } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET006',
    name: 'keyvault-acr-vnet',
    severity: 'high',
    severities: [
      {
        severity: 'high',
        when: 'the key vault or container registry is reachable only from VNets that are neither a workspace VNet nor peered with one',
      },
      { severity: 'info', when: 'it is reachable from a VNet peered with a workspace VNet, but not from a workspace VNet itself' },
    ],
    category: 'workspace',
    summary: "The workspace's key vault and container registry should be reachable from the workspace's VNet (or, at least, a peered one).",
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", Limitations): "All resources must be behind the ' +
      'same VNet. However, subnets within the same VNet are allowed." Earlier versions of the article allowed the key vault and the container ' +
      "registry in a VNet peered with the workspace's, which amlnet reports as info. A key vault or registry reachable only from an unrelated VNet " +
      "cannot be reached from the workspace's network at all: secrets and images fail to load.",
    remediation: {
      text:
        "Create a private endpoint for the key vault (vault) or container registry (registry) in a subnet of the workspace's VNet, and link " +
        'the privatelink.vaultcore.azure.net or privatelink.azurecr.io zone to that VNet.',
      azCli:
        'az network private-endpoint create -g <rg> -n <vault>-pe --vnet-name <workspace-vnet> --subnet <subnet> \\\n' +
        '  --private-connection-resource-id <key-vault-id> --group-id vault --connection-name <vault>',
      bicep:
        "resource vaultPe 'Microsoft.Network/privateEndpoints@2024-05-01' = {\n  name: '${vaultName}-pe'\n  location: location\n" +
        "  properties: {\n    subnet: { id: workspaceSubnetId } // a subnet of the workspace's VNet\n" +
        "    privateLinkServiceConnections: [ { name: 'vault', properties: { privateLinkServiceId: vault.id, groupIds: [ 'vault' ] } } ]\n  }\n}",
    },
    links: [LEARN + 'how-to-network-security-overview', LEARN + 'how-to-secure-workspace-vnet'],
    requires: ['workspaces', 'keyVaults', 'containerRegistries', 'privateEndpoints', 'virtualNetworks'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!model.hasApprovedPrivateEndpoint(ws)) continue;
      const wsVnets = model.vnetsOfWorkspace(ws);
      if (wsVnets.length === 0) continue; // the workspace's endpoints are not visible: nothing to compare
      const deps = [model.dependency(ws.keyVaultId), model.dependency(ws.containerRegistryId)].filter((d): d is Dependency => !!d);
      for (const dep of deps) {
        const reach = model.vnetsReachingDependency(dep);
        if (reach.length === 0 || reach.some((r) => wsVnets.includes(r.vnetId))) continue;
        const peered = reach.filter((r) => wsVnets.some((w) => model.arePeered(r.vnetId, w)));
        const severity = peered.length > 0 ? 'info' : 'high';
        const label = DEPENDENCY_LABEL[dep.dependencyKind];
        const paths = [
          ...new Set(
            reach.map(
              (r) => `${r.via === 'privateEndpoint' ? 'private endpoint' : 'VNet rule for subnet'} ${short(r.throughId)} in VNet ${short(r.vnetId)}`,
            ),
          ),
        ];
        const reachVnets = [...new Set(reach.map((r) => r.vnetId))];
        findings.push({
          resourceId: dep.id,
          workspaceId: ws.id,
          severity,
          relatedResourceIds: [
            ws.id,
            ...reach.map((r) => r.throughId),
            ...reachVnets,
            ...model.approvedPrivateEndpointsOf(ws).map((p) => p.id),
            ...wsVnets,
          ],
          message:
            severity === 'high'
              ? `The ${label} ${dep.name} of workspace ${ws.name} is reachable only through ${paths.join('; ')}, and none of those VNets is the ` +
                `workspace's VNet ${list(wsVnets)} or peered with it. Add a private endpoint in ${list(wsVnets)}.`
              : `The ${label} ${dep.name} of workspace ${ws.name} is reachable through ${paths.join('; ')}, a VNet peered with the workspace's VNet ` +
                `${list(wsVnets)}; the docs recommend the same VNet. Consider a private endpoint in ${list(wsVnets)}.`,
          evidence: [
            {
              resourceId: dep.id,
              property: 'private endpoints / VNet rules',
              expected: `a VNet among ${list(wsVnets)}${severity === 'high' ? ' or peered with one' : ''}`,
              actual: list(reachVnets),
            },
          ],
        });
      }
    }
    return findings;
  },
});
