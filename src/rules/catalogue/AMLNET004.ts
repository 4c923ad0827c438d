import { defineRule, type FindingInput } from '../types';
import { LEARN, list, short } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET004',
    name: 'workspace-storage-same-vnet',
    severity: 'high',
    category: 'workspace',
    summary: "The default storage account must be reachable from the VNet of the workspace's private endpoint.",
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", Limitations of securing the workspace and ' +
      'associated resources): "All resources must be behind the same VNet. However, subnets within the same VNet are allowed." The default storage ' +
      'account is the one that matters most: when it can only be reached from another VNet, studio cannot read data and jobs cannot mount the ' +
      'default datastores.',
    remediation: {
      text:
        "Create private endpoints for the storage account's blob and file sub-resources in a subnet of the workspace's VNet " +
        '(or add a VNet rule for such a subnet), and link the privatelink.blob/file DNS zones to that VNet.',
      azCli:
        'az network private-endpoint create -g <rg> -n <storage>-blob-pe --vnet-name <workspace-vnet> --subnet <subnet> \\\n' +
        '  --private-connection-resource-id <storage-account-id> --group-id blob --connection-name <storage>-blob',
      bicep:
        "resource stBlobPe 'Microsoft.Network/privateEndpoints@2024-05-01' = {\n  name: '${storageName}-blob-pe'\n  location: location\n" +
        "  properties: {\n    subnet: { id: workspaceSubnetId } // a subnet of the workspace's VNet\n" +
        "    privateLinkServiceConnections: [ { name: 'blob', properties: { privateLinkServiceId: storage.id, groupIds: [ 'blob' ] } } ]\n  }\n}",
    },
    links: [LEARN + 'how-to-network-security-overview', LEARN + 'how-to-secure-workspace-vnet'],
    requires: ['workspaces', 'storageAccounts', 'privateEndpoints'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      if (!model.hasApprovedPrivateEndpoint(ws)) continue;
      const storage = model.storageAccount(ws.storageAccountId);
      if (!storage) continue;
      const wsVnets = model.vnetsOfWorkspace(ws);
      if (wsVnets.length === 0) continue; // the workspace's endpoints are not visible: nothing to compare
      const reach = model.vnetsReachingDependency(storage);
      if (reach.length === 0 || reach.some((r) => wsVnets.includes(r.vnetId))) continue;
      const wsPes = model.approvedPrivateEndpointsOf(ws).map((pe) => pe.id);
      const paths = reach.map(
        (r) => `${r.via === 'privateEndpoint' ? 'private endpoint' : 'VNet rule for subnet'} ${short(r.throughId)} in VNet ${short(r.vnetId)}`,
      );
      findings.push({
        resourceId: ws.id,
        workspaceId: ws.id,
        relatedResourceIds: [storage.id, ...reach.map((r) => r.throughId), ...reach.map((r) => r.vnetId), ...wsPes, ...wsVnets],
        message:
          `Workspace ${ws.name}'s private endpoints are in VNet ${list(wsVnets)}, but its default storage account ${storage.name} ` +
          `is reachable only through ${[...new Set(paths)].join('; ')}. Add a private endpoint (blob and file) or a VNet rule for a subnet of ${list(wsVnets)}.`,
        evidence: [
          {
            resourceId: storage.id,
            property: 'private endpoints / networkAcls.virtualNetworkRules',
            expected: `a VNet among ${list(wsVnets)}`,
            actual: list(reach.map((r) => r.vnetId)),
          },
        ],
      });
    }
    return findings;
  },
});
