import { vnetOfSubnet } from '../../model/ids';
import type { Model } from '../../model/model';
import { defineRule, type FindingInput } from '../types';
import { LEARN, list } from '../helpers';

/** VNets that host an Azure Bastion: the VNet of its subnet (AzureBastionSubnet), or the VNet the Developer SKU names. */
function bastionVnets(model: Model): Map<string, string> {
  const out = new Map<string, string>(); // vnet id -> bastion id
  for (const b of model.bastionHosts) {
    for (const s of b.subnetIds) {
      const v = vnetOfSubnet(s);
      if (v) out.set(v, b.id);
    }
    if (b.vnetId) out.set(b.vnetId, b.id);
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'AMLNET601',
    name: 'sentinel-jumpbox',
    severity: 'info',
    category: 'sentinel',
    summary:
      'A workspace reachable only through private endpoints needs an Azure Bastion jump box in its VNet (or a peered one) for Sentinel notebooks.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", Microsoft Sentinel, Private endpoint): "You ' +
      "must also create a virtual machine 'jump box' in the same VNet as your workspace, and enable Azure Bastion connectivity to it. Similar to " +
      'the public configuration, SOC analysts and administrators can connect using Microsoft Sentinel, but some operations must be performed using ' +
      'Azure Bastion to connect to the VM." Off by default: it matters only where the workspace is used from Sentinel.',
    remediation: {
      text:
        "Deploy Azure Bastion in the workspace's VNet (subnet AzureBastionSubnet, /26 or larger) or in a hub VNet peered with it, and a jump-box VM " +
        "in that VNet for the analysts' notebook work.",
      azCli:
        'az network vnet subnet create -g <rg> --vnet-name <workspace-vnet> -n AzureBastionSubnet --address-prefixes <cidr/26>\n' +
        'az network public-ip create -g <rg> -n <bastion>-pip --sku Standard\n' +
        'az network bastion create -g <rg> -n <bastion> --vnet-name <workspace-vnet> --public-ip-address <bastion>-pip --location <region>',
      bicep:
        "resource bastion 'Microsoft.Network/bastionHosts@2024-05-01' = {\n  name: 'bas-ml'\n  location: location\n  sku: { name: 'Standard' }\n" +
        "  properties: {\n    ipConfigurations: [ {\n      name: 'ipconf'\n      properties: {\n" +
        "        subnet: { id: resourceId('Microsoft.Network/virtualNetworks/subnets', workspaceVnetName, 'AzureBastionSubnet') }\n" +
        '        publicIPAddress: { id: bastionPip.id }\n      }\n    } ]\n  }\n}',
    },
    links: [
      LEARN + 'how-to-network-security-overview',
      'https://learn.microsoft.com/azure/sentinel/notebooks-hunt',
      'https://learn.microsoft.com/azure/bastion/bastion-overview',
    ],
    requires: ['workspaces', 'privateEndpoints', 'virtualNetworks', 'bastionHosts'],
    disabledByDefault: true,
  },
  check(model) {
    const findings: FindingInput[] = [];
    const bastions = bastionVnets(model);
    for (const ws of model.workspaces) {
      if (model.isPublicAccessEnabled(ws) || !model.hasApprovedPrivateEndpoint(ws)) continue;
      const wsVnets = model.vnetsOfWorkspace(ws);
      if (wsVnets.length === 0) continue; // the endpoints' VNets are not visible: unknown
      const reachable = wsVnets.some((v) => bastions.has(v) || [...model.peeredVnets(v)].some((p) => bastions.has(p)));
      if (reachable) continue;
      const peered = [...new Set(wsVnets.flatMap((v) => [...model.peeredVnets(v)]))];
      findings.push({
        resourceId: ws.id,
        workspaceId: ws.id,
        relatedResourceIds: [...model.approvedPrivateEndpointsOf(ws).map((pe) => pe.id), ...wsVnets, ...peered],
        message:
          `Workspace ${ws.name} is reachable only through private endpoints in ${list(wsVnets)}, and no Azure Bastion host is in ` +
          `${wsVnets.length > 1 ? 'those VNets' : 'that VNet'}${peered.length ? ` or the peered ${list(peered)}` : ' or a VNet peered with it'}: SOC analysts coming from ` +
          'Microsoft Sentinel have no jump box. Deploy Bastion and a jump-box VM there.',
        evidence: [
          { resourceId: ws.id, property: "Azure Bastion hosts in the workspace's VNets or peered VNets", expected: 'at least one', actual: 'none' },
        ],
      });
    }
    return findings;
  },
});
