import { workspaceEndpoints } from '../../model/dns';
import { defineRule, type FindingInput } from '../types';
import { DEPENDENCY_LABEL, LEARN } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET402',
    name: 'custom-dns-records',
    severity: 'info',
    category: 'dns-firewall',
    summary: 'A private endpoint in a VNet with custom DNS servers needs host records or conditional forwarders for each of its FQDNs.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", Custom DNS): "If you need to use a custom DNS ' +
      'solution for your virtual network, you must add host records for your workspace", pointing to how-to-custom-dns for the names and IP ' +
      'addresses. A VNet whose DHCP options name DNS servers does not use the private DNS zones linked to it directly: each FQDN of the endpoint ' +
      'needs a record on those servers, or a conditional forwarder to Azure DNS (168.63.129.16) for the privatelink zones. amlnet cannot see the ' +
      "custom servers' records, so this finding lists what they must answer.",
    remediation: {
      text:
        'On the custom DNS servers, create an A record for each FQDN listed (pointing to the listed private IP), or a conditional forwarder for the ' +
        'privatelink zones to Azure DNS 168.63.129.16 from a DNS server inside Azure whose VNet is linked to the private DNS zones.',
      azCli:
        'az network private-endpoint show -g <rg> -n <pe> --query "customDnsConfigs[].{fqdn:fqdn, ips:ipAddresses}" -o table\n' +
        'az network vnet show -g <rg> -n <vnet> --query dhcpOptions.dnsServers',
      bicep:
        '// A DNS forwarder VM or Azure DNS Private Resolver inbound endpoint in the VNet linked to the privatelink zones,\n' +
        "// and the custom DNS servers forwarding the privatelink zones to it.\nresource resolver 'Microsoft.Network/dnsResolvers@2022-07-01' = {\n" +
        "  name: 'dnspr-ml'\n  location: location\n  properties: { virtualNetwork: { id: hubVnet.id } }\n}",
    },
    links: [LEARN + 'how-to-custom-dns', 'https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration'],
    requires: ['workspaces', 'storageAccounts', 'keyVaults', 'containerRegistries', 'privateEndpoints', 'virtualNetworks'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    const seen = new Set<string>();
    for (const { pe, target, workspaces } of workspaceEndpoints(model)) {
      if (seen.has(pe.id) || !pe.vnetId) continue;
      const vnet = model.vnet(pe.vnetId);
      if (!vnet || vnet.usesAzureDns) continue;
      seen.add(pe.id);
      const records = pe.customDnsConfigs.filter((c) => c.fqdn).map((c) => `${c.fqdn} -> ${c.ipAddresses.join(', ') || '(no IP reported)'}`);
      const label = 'dependencyKind' in target ? `${DEPENDENCY_LABEL[target.dependencyKind]} ${target.name}` : `workspace ${target.name}`;
      findings.push({
        resourceId: pe.id,
        workspaceId: workspaces[0].id,
        relatedResourceIds: [target.id, vnet.id, ...workspaces.slice(1).map((w) => w.id)],
        message:
          `Private endpoint ${pe.name} of the ${label} is in VNet ${vnet.name}, which uses custom DNS servers (${vnet.dnsServers.join(', ')}); ` +
          `they need a host record or conditional forwarder for: ${records.length ? records.join('; ') : '(the endpoint reports no customDnsConfigs; read its network interface)'}.`,
        evidence: [
          {
            resourceId: vnet.id,
            property: 'properties.dhcpOptions.dnsServers',
            expected: "empty (Azure DNS) or records for the endpoint's FQDNs",
            actual: vnet.dnsServers.join(', '),
          },
        ],
      });
    }
    return findings;
  },
});
