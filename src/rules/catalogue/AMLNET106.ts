import { forcedTunnelRoute, internetRouteForTag, routesOfSubnet } from '../../model/routes';
import { regional } from '../../model/service-tags';
import { defineRule, type FindingInput } from '../types';
import { LEARN, isTrainingCompute, short } from '../helpers';

export default defineRule({
  meta: {
    id: 'AMLNET106',
    name: 'compute-forced-tunnel-routes',
    severity: 'high',
    category: 'compute',
    summary: 'A compute with a public IP behind a forced-tunnel route needs a route for AzureMachineLearning with next hop Internet.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks"): "If created with a public IP address, you get ' +
      'a load balancer with a public IP to accept the inbound access from Azure batch service and Azure Machine Learning service. You need to ' +
      'configure User Defined Routing (UDR) if you use a firewall." how-to-secure-training-vnet: with forced tunnelling the replies to that inbound ' +
      'traffic would go to the appliance and be dropped (asymmetric routing), so the route table needs a route for the AzureMachineLearning service ' +
      'tag with next hop type Internet.',
    remediation: {
      text:
        'Add a route for the AzureMachineLearning service tag (or AzureMachineLearning.<region>) with next hop type Internet to the compute ' +
        "subnet's route table, or recreate the compute without a public IP.",
      azCli:
        'az network route-table route create -g <rg> --route-table-name <route-table> -n AzureMLToInternet \\\n' +
        '  --address-prefix AzureMachineLearning --next-hop-type Internet',
      bicep:
        "resource amlRoute 'Microsoft.Network/routeTables/routes@2024-05-01' = {\n  parent: computeRouteTable\n  name: 'AzureMLToInternet'\n" +
        "  properties: {\n    addressPrefix: 'AzureMachineLearning'\n    nextHopType: 'Internet'\n  }\n}",
    },
    links: [LEARN + 'how-to-secure-training-vnet', LEARN + 'how-to-access-azureml-behind-firewall'],
    requires: ['workspaces', 'computes', 'virtualNetworks', 'routeTables'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      for (const c of ws.computes) {
        if (!isTrainingCompute(c.computeType) || c.publicIp !== 'public' || !c.subnetId) continue;
        const subnet = model.subnet(c.subnetId);
        if (!subnet || !subnet.routeTableId) continue;
        const routes = routesOfSubnet(model, subnet);
        if (!routes) continue; // the route table is not visible: unknown
        const tunnel = forcedTunnelRoute(routes);
        if (!tunnel) continue;
        const region = c.location ?? ws.location;
        if (internetRouteForTag(routes, 'AzureMachineLearning', region)) continue;
        findings.push({
          resourceId: c.id,
          workspaceId: ws.id,
          relatedResourceIds: [subnet.id, subnet.routeTableId],
          message:
            `${c.computeType} ${c.name} has a public IP, and route table ${short(subnet.routeTableId)} on subnet ${subnet.name} sends 0.0.0.0/0 to ` +
            `${tunnel.nextHopType}${tunnel.nextHopIpAddress ? ` ${tunnel.nextHopIpAddress}` : ''} (route ${tunnel.name}) with no route for AzureMachineLearning ` +
            'to the Internet. Add a route for the AzureMachineLearning service tag with next hop type Internet.',
          evidence: [
            {
              resourceId: subnet.routeTableId,
              property: 'properties.routes',
              expected: `a route with addressPrefix AzureMachineLearning or ${regional('AzureMachineLearning', region)} and nextHopType Internet`,
              actual: `${tunnel.name}: 0.0.0.0/0 -> ${tunnel.nextHopType}; no such route`,
            },
          ],
        });
      }
    }
    return findings;
  },
});
