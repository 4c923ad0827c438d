import type { ContainerRegistry } from '../../model/types';
import { defineRule, type FindingInput } from '../types';
import { LEARN } from '../helpers';
import { describeAccess } from '../access';
import { lowerToken } from '../../model/ids';

export default defineRule({
  meta: {
    id: 'AMLNET007',
    name: 'acr-private-endpoint',
    severity: 'high',
    severities: [
      { severity: 'high', when: 'the registry is not Premium (it cannot have a private endpoint), or it accepts traffic from all networks' },
      { severity: 'medium', when: 'the registry is Premium and restricted by network rules, but has no Approved private endpoint' },
    ],
    category: 'workspace',
    summary: "A secured workspace's container registry needs an Approved private endpoint.",
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks") lists how each associated resource joins the ' +
      'VNet, and for the registry only one way: "For Azure Container Services, use a private endpoint." how-to-secure-workspace-vnet adds: "Your ' +
      'Azure Container Registry must be Premium version". The registry\'s alternative, service endpoints (network rules), is a preview on which ' +
      '"Future development of service endpoints for Azure Container Registry isn\'t currently planned" and where "Only an Azure Kubernetes Service ' +
      'cluster or Azure virtual machine can be used as a host to access a container registry using a service endpoint" (container-registry-vnet): ' +
      'compute clusters and the workspace cannot rely on it.',
    remediation: {
      text:
        "Upgrade the registry to Premium if needed, create a private endpoint (group registry) in the workspace's VNet with the " +
        'privatelink.azurecr.io zone linked, allow trusted services, and disable public network access.',
      azCli:
        'az acr update -g <rg> -n <registry> --sku Premium --allow-trusted-services true\n' +
        'az network private-endpoint create -g <rg> -n <registry>-pe --vnet-name <workspace-vnet> --subnet <subnet> \\\n' +
        '  --private-connection-resource-id <registry-id> --group-id registry --connection-name <registry>\n' +
        'az acr update -g <rg> -n <registry> --public-network-enabled false',
      bicep:
        "resource acrPe 'Microsoft.Network/privateEndpoints@2024-05-01' = {\n  name: '${registryName}-pe'\n  location: location\n" +
        '  properties: {\n    subnet: { id: workspaceSubnetId }\n' +
        "    privateLinkServiceConnections: [ { name: 'registry', properties: { privateLinkServiceId: registry.id, groupIds: [ 'registry' ] } } ]\n  }\n}",
    },
    links: [
      LEARN + 'how-to-secure-workspace-vnet',
      LEARN + 'how-to-network-security-overview',
      'https://learn.microsoft.com/azure/container-registry/container-registry-private-link',
      'https://learn.microsoft.com/azure/container-registry/container-registry-vnet',
    ],
    policies: [{ name: 'Container registries should use private link', id: 'e8eef0a8-67cf-4eb4-9386-14b0e78733d4' }],
    requires: ['workspaces', 'storageAccounts', 'containerRegistries', 'privateEndpoints'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!model.isSecured(ws)) continue;
      // No registry yet (Azure ML creates one on first use), or one the scan could not see: nothing to judge.
      const dep = model.dependency(ws.containerRegistryId);
      if (!dep || dep.dependencyKind !== 'containerRegistry') continue;
      const registry = dep as ContainerRegistry;
      if (model.hasApprovedPrivateEndpoint(registry)) continue;
      const sku = registry.skuName;
      const notPremium = sku !== undefined && lowerToken(sku) !== 'premium';
      const restricted = model.isRestricted(registry);
      const severity = restricted && !notPremium ? 'medium' : 'high';
      const pending = registry.privateEndpointConnections.filter((c) => c.status).map((c) => c.status as string);
      const why = notPremium
        ? `it is ${sku}, which cannot have a private endpoint`
        : restricted
          ? `it is restricted by network rules only (${describeAccess(registry)})`
          : `it accepts traffic from all networks (${describeAccess(registry)})`;
      findings.push({
        resourceId: registry.id,
        workspaceId: ws.id,
        severity,
        relatedResourceIds: [ws.id],
        message:
          `The container registry ${registry.name} of secured workspace ${ws.name} has no Approved private endpoint` +
          `${pending.length ? ` (connections: ${pending.join(', ')})` : ''}; ${why}. ` +
          `${notPremium ? 'Upgrade it to Premium and add' : 'Add'} a private endpoint in the workspace's VNet.`,
        evidence: [
          {
            resourceId: registry.id,
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint connection',
            actual: pending.length ? pending.join(', ') : 'none',
          },
          { resourceId: registry.id, property: 'sku.name', expected: 'Premium', actual: sku ?? 'absent' },
        ],
      });
    }
    return findings;
  },
});
