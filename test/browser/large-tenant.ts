/**
 * A large tenant for the HTML report in a browser: 24 team workspaces done right beside one platform
 * workspace whose network is what a big hub looks like (every privatelink zone of the platform linked
 * to its VNet, five peered spokes with training clusters, many computes and online endpoints, a few
 * mistakes), and a read that failed, so the report is partial.
 */
import { TenantBuilder } from '../../src/fixtures/builder';
import { privateWorkspace, SUB } from '../support/scenarios';

/** Privatelink zones a platform team links to its hub (Microsoft Learn's "Azure Private Endpoint DNS configuration"). */
const PLATFORM_ZONES = [
  'privatelink.database.windows.net',
  'privatelink.sql.azuresynapse.net',
  'privatelink.dev.azuresynapse.net',
  'privatelink.table.core.windows.net',
  'privatelink.queue.core.windows.net',
  'privatelink.web.core.windows.net',
  'privatelink.dfs.core.windows.net',
  'privatelink.documents.azure.com',
  'privatelink.postgres.database.azure.com',
  'privatelink.mysql.database.azure.com',
  'privatelink.redis.cache.windows.net',
  'privatelink.servicebus.windows.net',
  'privatelink.azure-automation.net',
  'privatelink.monitor.azure.com',
  'privatelink.oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net',
  'privatelink.cognitiveservices.azure.com',
  'privatelink.openai.azure.com',
  'privatelink.search.windows.net',
  'privatelink.azurewebsites.net',
  'privatelink.datafactory.azure.net',
  'privatelink.adf.azure.com',
  'privatelink.westeurope.azmk8s.io',
];

export function largeTenant() {
  const t = new TenantBuilder({ subscriptionId: SUB, resourceGroup: 'rg-platform', location: 'westeurope' });
  const platform = privateWorkspace({ name: 'ws-platform', t });
  for (const z of PLATFORM_ZONES) t.privateDnsZone(z, [platform.vnet.id]);
  for (let i = 0; i < 5; i++) {
    const spoke = t.vnet(`vnet-spoke-${i}`, {
      addressPrefixes: [`10.${40 + i}.0.0/16`],
      subnets: [{ name: 'snet-train', prefix: `10.${40 + i}.1.0/24` }],
    });
    t.peer(platform.vnet, spoke, i === 4 ? 'Disconnected' : 'Connected');
    t.compute(platform.ws, `gpu-spoke-${i}`, { type: 'AmlCompute', subnet: spoke.subnet('snet-train'), enableNodePublicIp: false });
  }
  for (let i = 0; i < 12; i++)
    t.compute(platform.ws, `ci-user-${String(i).padStart(2, '0')}`, {
      type: 'ComputeInstance',
      subnet: platform.computeSubnet,
      enableNodePublicIp: false,
    });
  for (let i = 0; i < 6; i++) t.onlineEndpoint(platform.ws, `score-${i}`, { publicNetworkAccess: i < 2 ? 'Enabled' : 'Disabled' });
  const teams = Array.from({ length: 24 }, (_, i) => privateWorkspace({ name: `ws-team-${String(i).padStart(2, '0')}`, t }));
  t.gap({
    kind: 'onlineEndpoints',
    scope: teams[3].ws,
    reason: 'error',
    status: 403,
    code: 'AuthorizationFailed',
    message: 'The client does not have authorization to perform action onlineEndpoints/read',
  });
  return { t, platform, teams, inventory: () => t.inventory() };
}
