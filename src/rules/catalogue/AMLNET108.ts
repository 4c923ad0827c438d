import { prefixesOverlap } from '../../model/cidr';
import { defineRule, type FindingInput } from '../types';
import { LEARN, isTrainingCompute, short } from '../helpers';

/** Docker's default bridge network on every compute node. */
const DOCKER_BRIDGE = '172.17.0.0/16';

export default defineRule({
  meta: {
    id: 'AMLNET108',
    name: 'compute-subnet-config',
    severity: 'medium',
    severities: [
      { severity: 'medium', when: 'the compute subnet is delegated to a service' },
      { severity: 'low', when: "the compute VNet's address space overlaps 172.17.0.0/16, Docker's default bridge network" },
    ],
    category: 'compute',
    summary: "A compute subnet must not be delegated to another service, and its VNet should not overlap Docker's 172.17.0.0/16 bridge.",
    rationale:
      'how-to-secure-training-vnet lists the VNet and subnet requirements for compute instances and clusters: "The subnet used to deploy compute ' +
      'cluster/instance shouldn\'t be delegated to any other service. For example, it shouldn\'t be delegated to ACI." and "Avoid the 172.17.0.0/16 ' +
      'IP address range for your VNet; it\'s the default range for Docker bridge networks" (overlapping addresses make containers on the nodes ' +
      'unable to reach those parts of the VNet). "Secure Azure Machine Learning workspace resources using virtual networks" sends readers to that page to secure the training environment.',
    remediation: {
      text:
        'Create the compute in a subnet without delegations (remove the delegation or use another subnet); plan VNet address spaces outside ' +
        '172.17.0.0/16 and move the compute to a VNet that does not overlap it.',
      azCli:
        'az network vnet subnet update -g <rg> --vnet-name <vnet> -n <compute-subnet> --remove delegations\n' +
        'az network vnet create -g <rg> -n <vnet> --address-prefixes 10.10.0.0/16 --subnet-name snet-compute --subnet-prefixes 10.10.2.0/24',
      bicep:
        "resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {\n  name: 'vnet-ml'\n  location: location\n  properties: {\n" +
        "    addressSpace: { addressPrefixes: [ '10.10.0.0/16' ] } // not 172.17.0.0/16\n" +
        "    subnets: [ { name: 'snet-compute', properties: { addressPrefix: '10.10.2.0/24', delegations: [] } } ]\n  }\n}",
    },
    links: [LEARN + 'how-to-secure-training-vnet'],
    requires: ['workspaces', 'computes', 'virtualNetworks'],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      for (const c of ws.computes) {
        if (!isTrainingCompute(c.computeType) || !c.subnetId) continue;
        const subnet = model.subnet(c.subnetId);
        if (!subnet) continue;
        if (subnet.delegations.length > 0) {
          findings.push({
            resourceId: c.id,
            workspaceId: ws.id,
            severity: 'medium',
            relatedResourceIds: [subnet.id],
            message:
              `${c.computeType} ${c.name} is in subnet ${subnet.name} of VNet ${short(subnet.vnetId)}, which is delegated to ${subnet.delegations.join(', ')}. ` +
              'Use a subnet without delegations for compute.',
            evidence: [{ resourceId: subnet.id, property: 'properties.delegations', expected: 'none', actual: subnet.delegations.join(', ') }],
          });
        }
        const vnet = model.vnet(subnet.vnetId);
        const overlapping = (vnet?.addressPrefixes ?? []).filter((p) => prefixesOverlap(p, DOCKER_BRIDGE));
        if (vnet && overlapping.length > 0) {
          findings.push({
            resourceId: c.id,
            workspaceId: ws.id,
            severity: 'low',
            relatedResourceIds: [subnet.id, vnet.id],
            message:
              `${c.computeType} ${c.name} is in VNet ${vnet.name}, whose address space ${overlapping.join(', ')} overlaps ${DOCKER_BRIDGE}, Docker's bridge network ` +
              'on the compute nodes. Use a VNet outside that range.',
            evidence: [
              {
                resourceId: vnet.id,
                property: 'properties.addressSpace.addressPrefixes',
                expected: `no overlap with ${DOCKER_BRIDGE}`,
                actual: overlapping.join(', '),
              },
            ],
          });
        }
      }
    }
    return findings;
  },
});
