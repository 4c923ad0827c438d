/**
 * test/fixtures/terraform/ml-private-vnet: Microsoft's Terraform quickstart
 * "201-machine-learning-moderately-secure" (Azure/terraform), its .tf files and its plan in the
 * format `terraform show -json` writes (azurerm 3.x; ids known only after apply, as in a first plan).
 * What the plan becomes is pinned record by record, and the rules run on the planned network alone
 * (no base) after the overlay lays them over nothing. The quickstart is built to pass: every endpoint is in snet-workspace with its zone
 * linked, the computes are in snet-training whose NSG admits AzureMachineLearning on 44224, and the
 * training routes send 0.0.0.0/0 to the Internet. Two changes a reviewer could make in a pull
 * request then show the findings appear where a reader of the plan expects them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTerraformPlan, terraformPlanFromText } from '../../../src/iac/terraform/read';
import type { Plan } from '../../../src/iac/plan';
import { buildModel } from '../../../src/model/build';
import { evaluate } from '../../../src/rules/engine';
import { overlayPlan } from '../../../src/iac/overlay';
import { RULES } from '../../../src/rules';

const ROOT = join(__dirname, '..', '..', 'fixtures', 'terraform', 'ml-private-vnet');
const PLAN = join(ROOT, 'tfplan.json');
const SUB = '9c6f1e2d-3b4a-4c5d-8e7f-0a1b2c3d4e5f';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev`;
const N = `${RG}/providers/Microsoft.Network`;
const VNET = `${N}/virtualNetworks/vnet-mlsec-dev`;
const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw-mlsec-dev`;

const get = (p: Plan, id: string) => p.upserts.find((u) => u.resource.id.toLowerCase() === id.toLowerCase())!;

/** The planned network alone, laid over nothing and audited with every rule: what `amlnet audit --terraform-plan` checks without a base. */
function findings(p: Plan): string[] {
  const { inventory } = overlayPlan(undefined, p, { cloud: 'AzureCloud', subscriptions: [SUB] });
  return evaluate(buildModel(inventory), RULES, {})
    .findings.map((f) => `${f.ruleId} ${f.severity} ${f.resourceId}`)
    .sort();
}

/**
 * The one finding the plan as written gets: the new workspace's default datastores are created by
 * the service with settings no plan shows, so the datastore rules (AMLNET301-303) are unevaluated
 * for it (AMLNET900 on the subscription), never passed.
 */
const DATASTORES_GAP = `AMLNET900 high /subscriptions/${SUB}`;

/** The plan with `change` applied to its resource_changes: a copy, as a pull request would change it. */
function changed(change: (rcs: any[]) => any[]): Plan {
  const plan = JSON.parse(readFileSync(PLAN, 'utf8'));
  plan.resource_changes = change(plan.resource_changes);
  return terraformPlanFromText('tfplan.json', JSON.stringify(plan, null, 2));
}

describe('the moderately secure quickstart', () => {
  const plan = readTerraformPlan(PLAN, { root: ROOT });

  test("every private endpoint lands in snet-workspace and reaches its target; the workspace's has both of its zones", () => {
    const endpoints = plan.upserts
      .filter((u) => u.resource.type === 'Microsoft.Network/privateEndpoints')
      .map((u) => [
        u.resource.name,
        u.resource.properties!.subnet.id,
        u.resource.properties!.privateLinkServiceConnections[0].properties.privateLinkServiceId,
      ]);
    expect(endpoints).toEqual([
      ['ple-mlsec-dev-kv', `${VNET}/subnets/snet-workspace`, `${RG}/providers/Microsoft.KeyVault/vaults/kv-mlsec-dev`],
      ['ple-mlsec-dev-st-blob', `${VNET}/subnets/snet-workspace`, `${RG}/providers/Microsoft.Storage/storageAccounts/stmlsecdev`],
      ['ple-mlsec-dev-st-file', `${VNET}/subnets/snet-workspace`, `${RG}/providers/Microsoft.Storage/storageAccounts/stmlsecdev`],
      ['ple-mlsec-dev-cr', `${VNET}/subnets/snet-workspace`, `${RG}/providers/Microsoft.ContainerRegistry/registries/crmlsecdev`],
      ['ple-mlsec-dev-mlw', `${VNET}/subnets/snet-workspace`, WS],
    ]);
    expect(
      get(plan, `${N}/privateEndpoints/ple-mlsec-dev-mlw/privateDnsZoneGroups/private-dns-zone-group`).resource.properties!.privateDnsZoneConfigs.map(
        (c: { name: string }) => c.name,
      ),
    ).toEqual(['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net']);
  });

  test('the workspace: its dependencies by id, no public access, the image-build cluster, no managed network', () => {
    expect(get(plan, WS).resource.properties).toEqual({
      storageAccount: `${RG}/providers/Microsoft.Storage/storageAccounts/stmlsecdev`,
      keyVault: `${RG}/providers/Microsoft.KeyVault/vaults/kv-mlsec-dev`,
      applicationInsights: `${RG}/providers/Microsoft.Insights/components/appi-mlsec-dev`,
      containerRegistry: `${RG}/providers/Microsoft.ContainerRegistry/registries/crmlsecdev`,
      publicNetworkAccess: 'Disabled',
      imageBuildCompute: 'image-builder',
      v1LegacyMode: false,
    });
  });

  test('the subnets carry the NSG and route table their separate associations give them; separate routes are in their tables', () => {
    const subnets = get(plan, VNET).resource.properties!.subnets.map((s: any) => [
      s.name,
      s.properties.addressPrefixes,
      s.properties.networkSecurityGroup?.id,
      s.properties.routeTable?.id,
    ]);
    expect(subnets).toEqual([
      ['snet-training', ['10.0.1.0/24'], `${N}/networkSecurityGroups/nsg-training`, `${N}/routeTables/rt-training`],
      ['snet-aks', ['10.0.2.0/23'], `${N}/networkSecurityGroups/nsg-aks`, `${N}/routeTables/rt-aks`],
      ['snet-workspace', ['10.0.0.0/24'], undefined, undefined],
    ]);
    expect(
      get(plan, `${N}/routeTables/rt-training`).resource.properties!.routes.map((r: any) => [
        r.name,
        r.properties.addressPrefix,
        r.properties.nextHopType,
      ]),
    ).toEqual([
      ['Internet', '0.0.0.0/0', 'Internet'],
      ['AzureMLRoute', 'AzureMachineLearning', 'Internet'],
      ['BatchRoute', 'BatchNodeManagement', 'Internet'],
    ]);
  });

  test("the compute instance's name comes from random_string: it is named by its address, and said so", () => {
    const computes = plan.upserts
      .filter((u) => u.resource.type === 'Microsoft.MachineLearningServices/workspaces/computes')
      .map((u) => [u.resource.name, u.resource.properties!.properties.subnet.id, u.resource.properties!.properties.enableNodePublicIp]);
    expect(computes).toEqual([
      ['image-builder', `${VNET}/subnets/snet-training`, true],
      ['cpu-cluster', `${VNET}/subnets/snet-training`, true],
      ['azurerm_machine_learning_compute_instance.compute_instance', `${VNET}/subnets/snet-training`, true],
    ]);
    expect(plan.notes).toEqual([
      'azurerm_machine_learning_compute_instance.compute_instance: the name is known only after apply; the resource is named by its Terraform address',
      'Not read by any rule, left out: azurerm_resource_group (1), random_string (1)',
    ]);
    expect(plan.unknowns).toEqual([]);
    expect(plan.missing).toEqual([]);
    expect(plan.deletes).toEqual([]);
  });

  test('with --terraform-root, sources point at the resource blocks in the .tf files', () => {
    const lineOf = (file: string, header: string) => readFileSync(join(ROOT, file), 'utf8').split('\n').indexOf(header) + 1;
    expect(get(plan, WS).source).toEqual({
      kind: 'terraform-plan',
      file: join(ROOT, 'workspace.tf'),
      name: 'azurerm_machine_learning_workspace.default',
      line: lineOf('workspace.tf', 'resource "azurerm_machine_learning_workspace" "default" {'),
    });
    expect(get(plan, `${N}/routeTables/rt-training`).source).toEqual({
      kind: 'terraform-plan',
      file: join(ROOT, 'network.tf'),
      name: 'azurerm_route_table.rt-training',
      line: lineOf('network.tf', 'resource "azurerm_route_table" "rt-training" {'),
    });
  });

  test('as Microsoft wrote it, the planned network passes every rule it can be judged on', () => {
    expect(findings(plan)).toEqual([DATASTORES_GAP]);
  });

  test("without the key vault zone's VNet link, its endpoint does not resolve in the VNet (AMLNET401)", () => {
    const p = changed((rcs) => rcs.filter((r) => r.address !== 'azurerm_private_dns_zone_virtual_network_link.vnetlinkvault'));
    expect(findings(p)).toEqual([`AMLNET401 high ${N}/privateEndpoints/ple-mlsec-dev-kv`, DATASTORES_GAP]);
  });

  test('a forced-tunnel default route without the AzureMachineLearning route breaks every compute with a public IP (AMLNET106)', () => {
    // azurerm_route and the route-table association are separate resources: only folded into
    // rt-training and snet-training does the route meet the computes.
    const p = changed((rcs) =>
      rcs
        .filter((r) => r.address !== 'azurerm_route.training-AzureMLRoute')
        .map((r) =>
          r.address === 'azurerm_route.training-Internet-Route'
            ? { ...r, change: { ...r.change, after: { ...r.change.after, next_hop_type: 'VirtualAppliance', next_hop_in_ip_address: '10.0.9.4' } } }
            : r,
        ),
    );
    expect(findings(p)).toEqual([
      `AMLNET106 high ${WS}/computes/azurerm_machine_learning_compute_instance.compute_instance`,
      `AMLNET106 high ${WS}/computes/cpu-cluster`,
      `AMLNET106 high ${WS}/computes/image-builder`,
      DATASTORES_GAP,
    ]);
  });
});
