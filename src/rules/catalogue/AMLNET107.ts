import type { Evidence, FindingInput } from '../types';
import { outboundPath } from '../../model/routes';
import { defineRule } from '../types';
import { LEARN, isTrainingCompute, short } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET107',
    name: 'compute-no-public-ip',
    severity: 'high',
    severities: [
      { severity: 'high', when: 'a compute without a public IP in a workspace that has no Approved private endpoint' },
      {
        severity: 'medium',
        when: 'a compute without a public IP whose subnet has neither a NAT gateway nor a 0.0.0.0/0 route to VirtualAppliance, VirtualNetworkGateway or Internet (no outbound path)',
      },
    ],
    category: 'compute',
    summary: "A compute without a public IP needs the workspace's private endpoint and an explicit outbound path from its subnet.",
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks"): "If created without a public IP, you get a ' +
      'private link service to accept the inbound access from Azure batch service and Azure Machine Learning service without a public IP." ' +
      'how-to-secure-training-vnet: a compute without a public IP requires the workspace to be reached through a private endpoint in the VNet, and, ' +
      'having no public IP, it needs an explicit outbound path to the internet (a NAT gateway, or a user-defined route to a firewall or gateway) to ' +
      'reach the service tags it depends on. A 0.0.0.0/0 route to None drops that traffic.',
    remediation: {
      text:
        "Give the workspace an Approved private endpoint in the compute's VNet; give the compute subnet an outbound path: attach a NAT gateway, " +
        'or route 0.0.0.0/0 to a firewall (VirtualAppliance) that allows the required service tags.',
      azCli:
        'az network nat gateway create -g <rg> -n <nat> --public-ip-addresses <pip>\n' +
        'az network vnet subnet update -g <rg> --vnet-name <vnet> -n <compute-subnet> --nat-gateway <nat>',
      bicep:
        "resource computeSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {\n  parent: vnet\n  name: 'snet-compute'\n" +
        "  properties: {\n    addressPrefix: '10.10.2.0/24'\n    natGateway: { id: natGateway.id }\n  }\n}",
    },
    links: [LEARN + 'how-to-secure-training-vnet', LEARN + 'how-to-network-security-overview'],
    requires: ['workspaces', 'computes', 'privateEndpoints', 'virtualNetworks', 'routeTables', 'natGateways'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      // On a managed VNet, computes have no customer subnet and no public IP by design (AMLNET501 covers the rest).
      if (model.isManagedVnet(ws)) continue;
      const noPe = !model.hasApprovedPrivateEndpoint(ws);
      for (const c of ws.computes) {
        if (!isTrainingCompute(c.computeType) || c.publicIp !== 'none') continue; // public, or unknown: not this rule's case
        const subnet = c.subnetId ? model.subnet(c.subnetId) : undefined;
        const path = subnet ? outboundPath(model, subnet) : undefined;
        const noOutbound = !!subnet && path?.kind === 'none';
        if (!noPe && !noOutbound) continue;
        const reasons: string[] = [];
        const evidence: Evidence[] = [];
        const related: string[] = [];
        if (noPe) {
          reasons.push(`workspace ${ws.name} has no Approved private endpoint`);
          evidence.push({
            resourceId: ws.id,
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint',
            actual: 'none Approved',
          });
          related.push(ws.id);
        }
        if (noOutbound && subnet && path?.kind === 'none') {
          const route = path.route;
          reasons.push(
            `subnet ${subnet.name} has no NAT gateway and ${route ? `its 0.0.0.0/0 route ${route.name} goes to ${route.nextHopType ?? 'an unknown next hop'}` : 'no 0.0.0.0/0 route'}, so it has no outbound path`,
          );
          evidence.push({
            resourceId: subnet.routeTableId ?? subnet.id,
            property: 'subnet natGateway / routeTable 0.0.0.0/0 nextHopType',
            expected: 'a NAT gateway, or 0.0.0.0/0 to VirtualAppliance, VirtualNetworkGateway or Internet',
            actual: route ? `no NAT gateway; 0.0.0.0/0 -> ${route.nextHopType ?? '(unknown)'}` : 'no NAT gateway; no 0.0.0.0/0 route',
          });
          related.push(subnet.id, ...(subnet.routeTableId ? [subnet.routeTableId] : []));
        }
        findings.push({
          resourceId: c.id,
          workspaceId: ws.id,
          severity: noPe ? 'high' : 'medium',
          relatedResourceIds: related,
          message:
            `${c.computeType} ${c.name} has no public IP, but ${reasons.join('; and ')}. ` +
            (noPe
              ? "Add an Approved workspace private endpoint in the compute's VNet"
              : `Attach a NAT gateway to ${short(subnet?.id)} or route 0.0.0.0/0 to a firewall`) +
            (noPe && noOutbound ? ', and give the subnet an outbound path.' : '.'),
          evidence,
        });
      }
    }
    return findings;
  },
});
