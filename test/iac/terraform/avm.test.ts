/**
 * test/fixtures/terraform/avm-workspace/tfplan.json: the Azure Verified Module for the workspace
 * (Azure/terraform-azurerm-avm-res-machinelearningservices-workspace, 0.8) called with existing
 * storage, key vault, registry and Application Insights and one private endpoint into an existing
 * hub subnet, in the format `terraform show -json` writes (azurerm 4.x, azapi 2.x). The workspace is
 * an `azapi_resource` whose body is already ARM-shaped; the module's private endpoint points at
 * `local.aml_resource.id`, and locals are not in a plan's JSON: that target stays unknown.
 */
import { join } from 'node:path';
import { readTerraformPlan } from '../../../src/iac/terraform/read';
import { TenantBuilder } from '../../../src/fixtures/builder';
import { overlayPlan } from '../../../src/iac/overlay';

const PLAN = join(__dirname, '..', '..', 'fixtures', 'terraform', 'avm-workspace', 'tfplan.json');
const SUB = '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-avm`;
const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw-avm`;
const PE = `${RG}/providers/Microsoft.Network/privateEndpoints/pep-mlw-avm`;

/** What exists before the change: the hub VNet, the dependencies the module is given, the zones. */
function base() {
  const t = new TenantBuilder({ subscriptionId: SUB, resourceGroup: 'rg-avm', location: 'eastus2' });
  const hub = t.vnet('vnet-hub', { addressPrefixes: ['10.20.0.0/16'], subnets: [{ name: 'snet-pe', prefix: '10.20.1.0/24' }] });
  t.storage('stavmml', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  t.keyVault('kv-avm-ml', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  t.registry('cravmml', { sku: 'Premium', publicNetworkAccess: 'Disabled' });
  t.appInsights('appi-avm-ml');
  t.privateDnsZone('privatelink.api.azureml.ms', [hub.id]);
  t.privateDnsZone('privatelink.notebooks.azure.net', [hub.id]);
  return t.inventory();
}

describe('the Azure Verified Module for the workspace', () => {
  const plan = readTerraformPlan(PLAN, { base: base() });

  test("the azapi_resource becomes the workspace its body describes, with the module's data source's resource group as parent", () => {
    const ws = plan.upserts.find((u) => u.resource.id === WS)!;
    expect(ws.source).toEqual({ kind: 'terraform-plan', file: PLAN, name: 'module.aml.azapi_resource.this[0]', line: expect.any(Number) });
    expect(ws.resource).toMatchObject({
      type: 'Microsoft.MachineLearningServices/workspaces',
      kind: 'Default',
      location: 'eastus2',
      identity: { type: 'SystemAssigned' },
      properties: {
        publicNetworkAccess: 'Disabled',
        systemDatastoresAuthMode: 'identity',
        storageAccount: `${RG}/providers/Microsoft.Storage/storageAccounts/stavmml`,
        keyVault: `${RG}/providers/Microsoft.KeyVault/vaults/kv-avm-ml`,
        containerRegistry: `${RG}/providers/Microsoft.ContainerRegistry/registries/cravmml`,
        applicationInsights: `${RG}/providers/Microsoft.Insights/components/appi-avm-ml`,
        managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound', outboundRules: {} },
      },
    });
  });

  test('its private endpoint is in the existing hub subnet with both zones; its target (a local) is unknown, with the reason', () => {
    const pe = plan.upserts.find((u) => u.resource.id === PE)!.resource;
    expect(pe.properties!.subnet).toEqual({ id: `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe` });
    expect(pe.properties!.privateLinkServiceConnections[0].properties.privateLinkServiceId).toBeUndefined();
    expect(
      plan.upserts
        .find((u) => u.resource.id === `${PE}/privateDnsZoneGroups/default`)!
        .resource.properties!.privateDnsZoneConfigs.map((c: { name: string }) => c.name),
    ).toEqual(['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net']);
    expect(plan.unknowns).toEqual([
      {
        resourceId: PE,
        property: 'properties.privateLinkServiceConnections[0].properties.privateLinkServiceId',
        reason:
          'module.aml.azurerm_private_endpoint.this["workspace"].private_service_connection.0.private_connection_resource_id is known only after apply (through local.aml_resource.id): local.aml_resource.id: local values are not in the plan\'s JSON',
      },
    ]);
  });

  test('laid over the base, the change is audited with its own gaps only; alone, what it points at is missing', () => {
    const over = overlayPlan(base(), plan, { cloud: 'AzureCloud', subscriptions: [SUB] }).inventory.gaps.map(
      (g) => `${g.code} ${g.kind} ${g.scope.split('/').pop()}${g.property ? ` ${g.property}` : ''}`,
    );
    expect(over).toEqual([
      'CreatedByService datastores mlw-avm datastores',
      'UnknownBeforeDeployment privateEndpoints pep-mlw-avm properties.privateLinkServiceConnections[0].properties.privateLinkServiceId',
      // And so is the approval of a connection to a target nobody can name yet (src/iac/defaults.ts).
      'UnknownBeforeDeployment privateEndpoints pep-mlw-avm properties.privateLinkServiceConnections[0].properties.privateLinkServiceConnectionState.status',
    ]);
    const alone = readTerraformPlan(PLAN);
    const missing = overlayPlan(undefined, alone, { cloud: 'AzureCloud', subscriptions: [SUB] })
      .inventory.gaps.filter((g) => g.code === 'NotInChangeOrBase')
      .map((g) => g.scope.split('/').pop());
    expect(missing.sort()).toEqual([
      'appi-avm-ml',
      'cravmml',
      'kv-avm-ml',
      'privatelink.api.azureml.ms',
      'privatelink.notebooks.azure.net',
      'snet-pe',
      'stavmml',
    ]);
    // The subscription is the one the module's data.azurerm_resource_group read from.
    expect(alone.upserts.every((u) => u.resource.id.startsWith(RG))).toBe(true);
  });
});
