import { requiredZones, workspaceEndpoints, zoneProblem, type ZoneProblem } from '../../model/dns';
import { defineRule, type FindingInput } from '../types';
import { DEPENDENCY_LABEL, LEARN, list } from '../helpers';
import { childRead } from '../reads';
import { lowerToken } from '../../model/ids';
import { CLOUDS } from '../../model/cloud';
import type { CloudName } from '../../model/inventory';

/** The targets whose private endpoints need DNS zones (AMLNET401's subjects). */
const ZONE_TARGET =
  /\/providers\/microsoft\.(machinelearningservices\/workspaces|storage\/storageaccounts|keyvault\/vaults|containerregistry\/registries)\//;

const zoneNames = new Map<CloudName, Set<string>>();
/** The private DNS zone names a workspace and its dependencies use in a cloud. */
function zoneNamesOf(cloud: CloudName): Set<string> {
  let names = zoneNames.get(cloud);
  if (!names) {
    const z = CLOUDS[cloud].zones;
    names = new Set([...z.workspace, ...Object.values(z.storage), z.vault, z.registry]);
    zoneNames.set(cloud, names);
  }
  return names;
}

function describe(p: ZoneProblem, vnetName: string): string {
  const why = [p.notLinked ? `not linked to ${vnetName}` : '', p.notInZoneGroup ? 'not in the zone group' : ''].filter(Boolean).join(', ');
  return `${p.zone} (${why})`;
}

export default defineRule({
  meta: {
    id: 'AMLNET401',
    name: 'private-dns-zone',
    severity: 'high',
    category: 'dns-firewall',
    summary: 'A private endpoint in a VNet on Azure DNS needs each of its privatelink zones linked to its own VNet and in its DNS zone group.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks") lists "Configure DNS name resolution" among the ' +
      'steps to secure a network. how-to-custom-dns and how-to-configure-private-link: with Azure-provided DNS, the names of the workspace ' +
      '(privatelink.api.azureml.ms and privatelink.notebooks.azure.net), storage (privatelink.blob/file/queue/table/dfs.core.windows.net), key ' +
      'vault (privatelink.vaultcore.azure.net) and registry (privatelink.azurecr.io) resolve to the private endpoint only when the private DNS zone ' +
      "holds its record (the endpoint's DNS zone group writes it) and the zone is linked to the VNet that resolves it. A zone link does not carry " +
      'across peering. Without both, clients and compute resolve the public address and are refused by the restricted resource. Sovereign clouds ' +
      'use their own zone names.',
    remediation: {
      text:
        "Link each missing privatelink zone to the private endpoint's VNet and add it to the endpoint's DNS zone group (which creates the A records). " +
        'A workspace endpoint needs both of its zones in the group, privatelink.api.azureml.ms and privatelink.notebooks.azure.net; ' +
        'a storage endpoint the zone of its sub-resource (privatelink.blob.core.windows.net for blob), a key vault privatelink.vaultcore.azure.net, ' +
        'a registry privatelink.azurecr.io.',
      azCli:
        'for zone in privatelink.api.azureml.ms privatelink.notebooks.azure.net; do\n' +
        '  az network private-dns link vnet create -g <dns-rg> -z $zone -n <vnet>-link -v <vnet-id> -e false\n' +
        'done\n' +
        'az network private-endpoint dns-zone-group create -g <rg> --endpoint-name <pe> -n default \\\n' +
        '  --private-dns-zone <privatelink.api.azureml.ms zone id> --zone-name api\n' +
        'az network private-endpoint dns-zone-group add -g <rg> --endpoint-name <pe> -n default \\\n' +
        '  --private-dns-zone <privatelink.notebooks.azure.net zone id> --zone-name notebooks',
      bicep:
        "// A workspace endpoint: both zones linked to the VNet, both in the endpoint's zone group.\n" +
        "resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for zoneName in ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net']: {\n" +
        "  name: '${zoneName}/${vnetName}-link'\n" +
        "  location: 'global'\n  properties: { virtualNetwork: { id: vnet.id }, registrationEnabled: false }\n}]\n" +
        "resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {\n  parent: workspacePrivateEndpoint\n  name: 'default'\n" +
        '  properties: {\n    privateDnsZoneConfigs: [\n' +
        "      { name: 'api', properties: { privateDnsZoneId: apiZone.id } }             // privatelink.api.azureml.ms\n" +
        "      { name: 'notebooks', properties: { privateDnsZoneId: notebooksZone.id } } // privatelink.notebooks.azure.net\n" +
        '    ]\n  }\n}',
    },
    links: [
      LEARN + 'how-to-custom-dns',
      LEARN + 'how-to-configure-private-link',
      'https://learn.microsoft.com/azure/private-link/private-endpoint-dns',
    ],
    policies: [{ name: 'Configure Azure Machine Learning workspace to use private DNS zones', id: 'ee40564d-486e-4f68-a5ca-7a621edae0fb' }],
    requires: [
      'workspaces',
      'storageAccounts',
      'keyVaults',
      'containerRegistries',
      'privateEndpoints',
      'privateDnsZoneGroups',
      'privateDnsZones',
      'virtualNetworkLinks',
      'virtualNetworks',
    ],
    reads: [
      childRead({
        kind: 'privateDnsZoneGroups',
        when: 'private endpoints of a workspace, storage account, key vault or registry whose VNet uses Azure DNS or is out of sight',
        after: ['virtualNetworks'],
        wants: (pe, model) =>
          pe.connections.some((c) => !!c.targetId && ZONE_TARGET.test(c.targetId)) && (!pe.vnetId || model.vnet(pe.vnetId)?.usesAzureDns !== false),
      }),
      childRead({
        kind: 'virtualNetworkLinks',
        when: 'private DNS zones a workspace, storage account, key vault or registry endpoint uses in this cloud',
        after: [],
        wants: (zone, model) => zoneNamesOf(model.cloud).has(lowerToken(zone.name)),
      }),
    ],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const { pe, target, workspaces } of workspaceEndpoints(model)) {
      if (!pe.vnetId) continue;
      const vnet = model.vnet(pe.vnetId);
      if (!vnet || !vnet.usesAzureDns) continue; // VNet not visible, or custom DNS (AMLNET402)
      const problems = requiredZones(model, pe, target)
        .map((z) => zoneProblem(model, pe, vnet.id, z))
        .filter((p): p is ZoneProblem => !!p);
      if (problems.length === 0) continue;
      const label = 'dependencyKind' in target ? `${DEPENDENCY_LABEL[target.dependencyKind]} ${target.name}` : `workspace ${target.name}`;
      findings.push({
        resourceId: pe.id,
        workspaceId: workspaces[0].id,
        relatedResourceIds: [
          target.id,
          vnet.id,
          ...problems.flatMap((p) => [...p.zoneIds, ...p.linkedVnetIds]),
          ...pe.dnsZoneIds,
          ...workspaces.slice(1).map((w) => w.id),
        ],
        message:
          `Private endpoint ${pe.name} of the ${label} is in VNet ${vnet.name}, which uses Azure DNS, but these private DNS zones do not resolve it there: ` +
          `${problems.map((p) => describe(p, vnet.name)).join('; ')}. Link each zone to ${vnet.name} and add it to the endpoint's DNS zone group.`,
        evidence: problems.map((p) => ({
          resourceId: pe.id,
          property: `private DNS zone ${p.zone}: virtualNetworkLinks / privateDnsZoneGroups`,
          expected: `linked to ${vnet.name} and in the endpoint's zone group`,
          actual: [
            p.notLinked
              ? p.zoneIds.length === 0
                ? 'no zone of that name'
                : `linked to ${p.linkedVnetIds.length ? `${list(p.linkedVnetIds)}${p.linkedVnetCount > p.linkedVnetIds.length ? ` and ${p.linkedVnetCount - p.linkedVnetIds.length} more VNet(s)` : ''}` : 'no VNet'}`
              : '',
            p.notInZoneGroup ? 'not in the zone group' : '',
          ]
            .filter(Boolean)
            .join('; '),
        })),
      });
    }
    return findings;
  },
});
