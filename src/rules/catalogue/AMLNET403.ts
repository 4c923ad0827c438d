import { decideFlow, firewallRulesOf, type FirewallApplicationRule, type FirewallNetworkRule } from '../../model/firewall';
import { firewallBehindDefaultRoute, routesOfSubnet } from '../../model/routes';
import { regional } from '../../model/service-tags';
import type { AzureFirewall, Compute, FirewallPolicy, Subnet, Workspace } from '../../model/types';
import type { Model } from '../../model/model';
import { childRead } from '../reads';
import { defineRule, type FindingInput } from '../types';
import { LEARN, isTrainingCompute, list, short } from '../helpers';

/** how-to-access-azureml-behind-firewall: outbound TCP 443 to these service tags; `regional` ones for the compute's region. */
export const REQUIRED_TAGS: readonly { tag: string; regional: boolean }[] = [
  { tag: 'AzureActiveDirectory', regional: false },
  { tag: 'AzureMachineLearning', regional: false },
  { tag: 'BatchNodeManagement', regional: true },
  { tag: 'AzureResourceManager', regional: false },
  { tag: 'Storage', regional: true },
  { tag: 'AzureFrontDoor.FrontEnd', regional: false },
  { tag: 'MicrosoftContainerRegistry', regional: false },
  { tag: 'AzureMonitor', regional: false },
];

/** The policies some firewall uses, and the base policies they inherit from. */
function policiesInUse(model: Model): Set<string> {
  const used = new Set<string>();
  for (const fw of model.azureFirewalls) {
    for (let id = fw.firewallPolicyId; id && !used.has(id); id = model.get<FirewallPolicy>(id)?.basePolicyId) used.add(id);
  }
  return used;
}

interface Routed {
  firewall: AzureFirewall;
  computes: { c: Compute; ws: Workspace; subnet: Subnet; routeTableId: string }[];
}

export default defineRule({
  meta: {
    id: 'AMLNET403',
    name: 'firewall-outbound-rules',
    severity: 'medium',
    category: 'dns-firewall',
    summary: 'An Azure Firewall that compute traffic is forced through must allow outbound TCP 443 to the service tags Azure Machine Learning needs.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", Configure firewall settings): "Configure your ' +
      'firewall to control traffic between your Azure Machine Learning workspace resources and the public internet. While we recommend Azure ' +
      'Firewall, you can use other firewall products." how-to-access-azureml-behind-firewall lists the outbound rules compute needs: TCP 443 to ' +
      'AzureActiveDirectory, AzureMachineLearning, BatchNodeManagement.<region>, AzureResourceManager, Storage.<region>, AzureFrontDoor.FrontEnd, ' +
      "MicrosoftContainerRegistry and AzureMonitor. When the compute subnet's 0.0.0.0/0 route sends traffic to the firewall and a tag is not " +
      'allowed, nodes fail to start, pull images, or report status. A tag without a region suffix also covers the regional one.',
    remediation: {
      text: 'Add network rules (classic collection or firewall policy rule collection group) allowing TCP 443 from the compute subnet to each missing service tag.',
      azCli:
        'az network firewall policy rule-collection-group collection add-filter-collection -g <rg> --policy-name <policy> \\\n' +
        '  --rule-collection-group-name AzureML --name aml-outbound --collection-priority 200 --action Allow \\\n' +
        '  --rule-name aml-service-tags --rule-type NetworkRule --ip-protocols TCP --source-addresses <compute-subnet-prefix> \\\n' +
        '  --destination-addresses AzureActiveDirectory AzureMachineLearning BatchNodeManagement.<region> AzureResourceManager \\\n' +
        '    Storage.<region> AzureFrontDoor.FrontEnd MicrosoftContainerRegistry AzureMonitor --destination-ports 443',
      bicep:
        "resource amlRules 'Microsoft.Network/firewallPolicies/ruleCollectionGroups@2024-05-01' = {\n  parent: firewallPolicy\n  name: 'AzureML'\n" +
        "  properties: {\n    priority: 200\n    ruleCollections: [ {\n      ruleCollectionType: 'FirewallPolicyFilterRuleCollection'\n      name: 'aml-outbound'\n" +
        "      priority: 200\n      action: { type: 'Allow' }\n      rules: [ {\n        ruleType: 'NetworkRule'\n        name: 'aml-service-tags'\n" +
        "        ipProtocols: [ 'TCP' ]\n        sourceAddresses: [ computeSubnetPrefix ]\n" +
        "        destinationAddresses: [ 'AzureActiveDirectory', 'AzureMachineLearning', 'BatchNodeManagement.${location}', 'AzureResourceManager',\n" +
        "          'Storage.${location}', 'AzureFrontDoor.FrontEnd', 'MicrosoftContainerRegistry', 'AzureMonitor' ]\n" +
        "        destinationPorts: [ '443' ]\n      } ]\n    } ]\n  }\n}",
    },
    links: [LEARN + 'how-to-access-azureml-behind-firewall', LEARN + 'how-to-network-security-overview'],
    requires: [
      'workspaces',
      'computes',
      'virtualNetworks',
      'routeTables',
      'azureFirewalls',
      'firewallPolicies',
      'firewallPolicyRuleCollectionGroups',
    ],
    reads: [
      childRead({
        kind: 'firewallPolicyRuleCollectionGroups',
        when: 'firewall policies a firewall uses, directly or as a base policy',
        after: ['azureFirewalls'],
        wants: (policy, model) => policiesInUse(model).has(policy.id),
      }),
    ],
  },
  check(model) {
    const findings: FindingInput[] = [];
    const byFirewall = new Map<string, Routed>();
    for (const ws of model.workspaces) {
      for (const c of ws.computes) {
        if (!isTrainingCompute(c.computeType) || !c.subnetId) continue;
        const subnet = model.subnet(c.subnetId);
        if (!subnet || !subnet.routeTableId) continue;
        const routes = routesOfSubnet(model, subnet);
        const hit = routes ? firewallBehindDefaultRoute(model, routes) : undefined;
        if (!hit) continue;
        const entry = byFirewall.get(hit.firewall.id) ?? { firewall: hit.firewall, computes: [] };
        entry.computes.push({ c, ws, subnet, routeTableId: subnet.routeTableId });
        byFirewall.set(hit.firewall.id, entry);
      }
    }
    for (const { firewall, computes } of byFirewall.values()) {
      const rules = firewallRulesOf(model, firewall);
      if (!rules) continue; // its firewall policy is not visible: unknown
      const missing = new Set<string>();
      const deniedBy = new Map<string, FirewallNetworkRule | FirewallApplicationRule>();
      const affected = new Set<string>();
      for (const { c, ws, subnet } of computes) {
        const region = c.location ?? ws.location;
        for (const req of REQUIRED_TAGS) {
          const d = decideFlow(rules, { sourcePrefixes: subnet.addressPrefixes, protocol: 'TCP', port: 443, tag: req.tag, region });
          if (d.allowed) continue;
          const label = req.regional ? regional(req.tag, region) : req.tag;
          missing.add(label);
          if (d.rule) deniedBy.set(label, d.rule);
          affected.add(c.id);
        }
      }
      if (missing.size === 0) continue;
      const tags = [...missing];
      const hit = computes.filter((x) => affected.has(x.c.id));
      const denials = [...deniedBy.entries()].map(([tag, r]) => `${tag} by ${r.path}`);
      findings.push({
        resourceId: firewall.id,
        workspaceId: hit[0].ws.id,
        relatedResourceIds: [
          ...(firewall.firewallPolicyId ? [firewall.firewallPolicyId] : []),
          ...hit.flatMap((x) => [x.c.id, x.subnet.id, x.routeTableId]),
          ...hit.map((x) => x.ws.id),
        ],
        message:
          `Azure Firewall ${firewall.name} receives the 0.0.0.0/0 traffic of compute ${list(hit.map((x) => x.c.id))} (subnet ${list(hit.map((x) => x.subnet.id))}) ` +
          `but its ${firewall.firewallPolicyId ? `policy ${short(firewall.firewallPolicyId)}'s` : 'classic'} network rules do not allow outbound TCP 443 to ${tags.join(', ')}` +
          `${denials.length ? ` (denied: ${denials.join('; ')})` : ''}. Add an Allow network rule for these service tags.`,
        evidence: [
          {
            resourceId: firewall.firewallPolicyId ?? firewall.id,
            property: firewall.firewallPolicyId
              ? 'ruleCollectionGroups[].properties.ruleCollections[].rules[] (NetworkRule)'
              : 'properties.networkRuleCollections',
            expected: 'Allow TCP 443 to every required service tag',
            actual: `not allowed: ${tags.join(', ')}`,
          },
        ],
      });
    }
    return findings;
  },
});
