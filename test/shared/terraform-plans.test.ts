/**
 * The extra suite: real `terraform show -json` output kept in ../shared/iac-examples/terraform-plans
 * (not part of the repository; see that folder's README for where each plan comes from). It runs
 * when ../shared is beside the repository and says plainly when it is skipped.
 *
 * nsc-infra.plan.json is the hard case: 109 creates in 10 modules whose private endpoints reach
 * their subnets and DNS zones only through module variables set from map outputs
 * (`var.subnet_ids["security"]` -> `module.network.subnet_ids`, an object of ten subnet ids whose keys
 * the plan does not show). checkov and trivy resolve such a value to the first reference, which puts
 * every endpoint in the perimeter subnet; amlnet keeps each one unknown and says why.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readTerraformPlan } from '../../src/iac/terraform/read';
import type { Plan } from '../../src/iac/plan';

const DIR = join(__dirname, '..', '..', '..', 'shared', 'iac-examples', 'terraform-plans');
const present = existsSync(DIR);
const suite = present ? describe : describe.skip;
if (!present) {
  console.log(`Skipped: the real Terraform plans are not here (${DIR}); this suite runs when ../shared is beside the repository.`);
}

const get = (p: Plan, suffix: string) => {
  const u = p.upserts.find((x) => x.resource.id.toLowerCase().endsWith(suffix.toLowerCase()));
  if (!u) throw new Error(`no upsert ending ${suffix}`);
  return u;
};
const last = (id: string | undefined) => (id ?? '-').split('/').pop();

suite(`real plans in ../shared/iac-examples/terraform-plans${present ? '' : ' (skipped: ../shared not present)'}`, () => {
  describe('nsc-infra.plan.json (Terraform 1.14.4, format 1.2, azurerm ~> 3.80)', () => {
    const plan = present ? readTerraformPlan(join(DIR, 'nsc-infra.plan.json')) : (undefined as unknown as Plan); // describe.skip still runs this body
    const RG = '/subscriptions/27db5ec6-d206-4028-b5e1-6004dca5eeef/resourceGroups/nsc-rg-dev/providers';

    test('ids use the subscription data.azurerm_client_config read; what the rules read is mapped', () => {
      const count = (t: string) => plan.upserts.filter((u) => u.resource.type === t).length;
      expect(plan.upserts.every((u) => u.resource.id.startsWith(RG))).toBe(true);
      expect([
        count('Microsoft.Network/virtualNetworks'),
        count('Microsoft.Network/networkSecurityGroups'),
        count('Microsoft.Network/routeTables'),
        count('Microsoft.Network/privateEndpoints'),
        count('Microsoft.Network/privateEndpoints/privateDnsZoneGroups'),
        count('Microsoft.Network/privateDnsZones'),
        count('Microsoft.Network/privateDnsZones/virtualNetworkLinks'),
        count('Microsoft.Storage/storageAccounts'),
        count('Microsoft.KeyVault/vaults'),
        count('Microsoft.ContainerRegistry/registries'),
        count('Microsoft.ContainerService/managedClusters'),
        count('Microsoft.Network/azureFirewalls'),
        count('Microsoft.Network/firewallPolicies'),
        count('Microsoft.Network/firewallPolicies/ruleCollectionGroups'),
        count('Microsoft.Network/bastionHosts'),
        count('Microsoft.Insights/components'),
        count('Microsoft.Authorization/roleAssignments'),
      ]).toEqual([1, 8, 3, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
      expect(plan.deletes).toEqual([]);
      expect(plan.missing).toEqual([]);
    });

    test('every private endpoint reaches its target through two modules, and its subnet stays unknown: ten candidates, keys not shown', () => {
      const endpoints = plan.upserts
        .filter((u) => u.resource.type === 'Microsoft.Network/privateEndpoints')
        .map((u) => [
          u.resource.name,
          u.resource.properties!.subnet,
          last(u.resource.properties!.privateLinkServiceConnections[0].properties.privateLinkServiceId),
        ]);
      expect(endpoints).toEqual([
        ['nsc-pe-acr', undefined, 'module.security.azurerm_container_registry.main'],
        ['nsc-pe-adls', undefined, 'module.analytics.azurerm_storage_account.adls'],
        ['nsc-pe-evh', undefined, 'nsc-evh-dev'],
        ['nsc-pe-kv', undefined, 'nsc-kv-dev'],
        ['nsc-pe-ledger', undefined, 'nsc-cl-dev'],
        ['nsc-pe-pg', undefined, 'nsc-pg-dev'],
        ['nsc-pe-sqldb', undefined, 'nsc-sql-dev'],
      ]);
      const subnetUnknowns = plan.unknowns.filter((u) => u.property === 'properties.subnet.id');
      expect(subnetUnknowns.map((u) => last(u.resourceId))).toEqual([
        'nsc-pe-acr',
        'nsc-pe-adls',
        'nsc-pe-evh',
        'nsc-pe-kv',
        'nsc-pe-ledger',
        'nsc-pe-pg',
        'nsc-pe-sqldb',
      ]);
      expect(subnetUnknowns[3].reason).toBe(
        'module.private_endpoints.azurerm_private_endpoint.keyvault.subnet_id is known only after apply (through var.subnet_ids["security"] -> module.network.subnet_ids): ' +
          'ambiguous: the expression refers to 10 candidates (azurerm_subnet.perimeter.id, azurerm_subnet.bastion.id, azurerm_subnet.app.id, azurerm_subnet.messaging.id, azurerm_subnet.data.id, azurerm_subnet.security.id, and 4 more) and the plan does not show which one it picks',
      );
      // Their DNS zone groups likewise: seven zones behind module.security.dns_zone_ids.
      expect(
        plan.unknowns.filter((u) => u.property === 'properties.privateDnsZoneConfigs').map((u) => u.reason.match(/refers to (\d+) candidates/)?.[1]),
      ).toEqual(['7', '7', '7', '7', '7', '7', '7']);
    });

    test('the VNet links reach the VNet through module.network.vnet_id (one candidate)', () => {
      const links = plan.upserts
        .filter((u) => u.resource.type === 'Microsoft.Network/privateDnsZones/virtualNetworkLinks')
        .map((u) => last(u.resource.properties!.virtualNetwork.id));
      expect(links).toEqual(Array(7).fill('nsc-vnet-dev'));
    });

    test('NSG rules and routes written as separate resources are folded into their parents; associations into the subnets', () => {
      expect(
        get(plan, 'networkSecurityGroups/nsc-nsg-app').resource.properties!.securityRules.map(
          (r: any) => `${r.name}:${r.properties.priority}:${r.properties.access}`,
        ),
      ).toEqual([
        'allow-from-admin-8443:210:Allow',
        'allow-from-gw-8443:200:Allow',
        'allow-kafka-response-9093:300:Allow',
        'allow-ssh-bastion:100:Allow',
        'deny-ssh-internet:110:Deny',
      ]);
      expect(get(plan, 'networkSecurityGroups/nsc-nsg-bastion').resource.properties!.securityRules).toHaveLength(7);
      const subnets = get(plan, 'virtualNetworks/nsc-vnet-dev').resource.properties!.subnets.map(
        (s: any) => `${s.name}:${last(s.properties.networkSecurityGroup?.id)}:${last(s.properties.routeTable?.id)}`,
      );
      expect(subnets).toEqual([
        'nsc-snet-admin:nsc-nsg-admin:-',
        'nsc-snet-analytics-container:-:nsc-udr-analytics',
        'nsc-snet-analytics-host:-:nsc-udr-analytics',
        'nsc-snet-app:nsc-nsg-app:nsc-udr-app',
        'AzureBastionSubnet:nsc-nsg-bastion:-',
        'nsc-snet-data:nsc-nsg-data:nsc-udr-data',
        'AzureFirewallSubnet:-:-',
        'nsc-snet-messaging:nsc-nsg-messaging:-',
        'nsc-snet-perimeter:nsc-nsg-perimeter:-',
        'nsc-snet-security:-:-',
      ]);
      // The analytics module's NSG associations get their subnets from module.network.subnet_ids too: said, not guessed.
      expect(plan.notes.filter((n) => n.includes('which resource it changes cannot be known'))).toEqual([
        'module.analytics.azurerm_subnet_network_security_group_association.analytics_container: which resource it changes cannot be known from the plan (see the unknown values); it is left out',
        'module.analytics.azurerm_subnet_network_security_group_association.analytics_host: which resource it changes cannot be known from the plan (see the unknown values); it is left out',
      ]);
      expect(get(plan, 'routeTables/nsc-udr-app').resource.properties!.routes).toEqual([
        {
          id: `${RG}/Microsoft.Network/routeTables/nsc-udr-app/routes/route-to-firewall`,
          name: 'route-to-firewall',
          properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance' },
        },
      ]);
      // The next hop is the firewall's private IP, which Azure assigns at apply.
      expect(plan.unknowns.filter((u) => u.property === 'properties.nextHopIpAddress').map((u) => last(parentOfRoute(u.resourceId)))).toEqual([
        'nsc-udr-analytics',
        'nsc-udr-app',
        'nsc-udr-data',
      ]);
    });
  });

  describe('vnet-nsg-routes.plan.json (Terraform 1.2.4, for_each over a module)', () => {
    const plan = present ? readTerraformPlan(join(DIR, 'vnet-nsg-routes.plan.json')) : (undefined as unknown as Plan); // describe.skip still runs this body
    test("each module instance's subnet gets its own NSG and route table", () => {
      const vnets = plan.upserts
        .filter((u) => u.resource.type === 'Microsoft.Network/virtualNetworks')
        .map((u) => [
          u.source.name,
          u.resource.id.split('/')[4],
          u.resource.properties!.subnets.map(
            (s: any) =>
              `${s.name}:${s.properties.addressPrefixes}:${s.properties.networkSecurityGroup.id.split('/')[4]}/${last(s.properties.networkSecurityGroup.id)}:${s.properties.routeTable.id.split('/')[4]}/${last(s.properties.routeTable.id)}`,
          ),
        ]);
      expect(vnets).toEqual([
        [
          'module.server["North Europe"].module.example_vpc.azurerm_virtual_network.example_vpc',
          'example-resources-NE-001',
          ['serversubnet:10.1.0.0/23:example-resources-NE-001/serversubnet:example-resources-NE-001/serversubnet'],
        ],
        [
          'module.server["UK South"].module.example_vpc.azurerm_virtual_network.example_vpc',
          'example-resources-UKS-001',
          ['serversubnet:10.0.0.0/23:example-resources-UKS-001/serversubnet:example-resources-UKS-001/serversubnet'],
        ],
      ]);
      expect(plan.unknowns).toEqual([]);
    });
  });

  describe("nsg-with-separate-rule.plan.json (checkov's fixture)", () => {
    const plan = present ? readTerraformPlan(join(DIR, 'nsg-with-separate-rule.plan.json')) : (undefined as unknown as Plan); // describe.skip still runs this body
    test('the rule lands in the NSG it names ("pass"), not in the first NSG of the plan ("fail")', () => {
      expect(get(plan, 'networkSecurityGroups/fail').resource.properties!.securityRules).toEqual([]);
      expect(
        get(plan, 'networkSecurityGroups/pass').resource.properties!.securityRules.map((r: any) => [
          r.name,
          r.properties.access,
          r.properties.destinationPortRange,
        ]),
      ).toEqual([['pass', 'Deny', '3389']]);
    });
  });
});

function parentOfRoute(id: string): string {
  return id.split('/').slice(0, -2).join('/');
}
