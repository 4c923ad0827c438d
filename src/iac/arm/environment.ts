/**
 * What `environment()` returns in each cloud. AzureCloud's object is the one Microsoft Learn prints
 * for the function ("Deployment functions for ARM templates", environment); the sovereign clouds
 * carry the same keys with their own endpoints and suffixes (as `az cloud show` lists them).
 * Only `suffixes` and the endpoints matter to the network rules (zone names such as
 * `privatelink${environment().suffixes.keyvaultDns}`).
 */
import type { CloudName } from '../../model/inventory';

interface Endpoints {
  portal: string;
  graph: string;
  login: string;
  resourceManager: string;
  audience: string;
  gallery: string;
  batch: string;
  media: string;
  sqlManagement: string;
  suffixes: {
    acrLoginServer: string;
    keyvaultDns: string;
    sqlServerHostname: string;
    storage: string;
    azureDatalakeStoreFileSystem?: string;
    azureDatalakeAnalyticsCatalogAndJob?: string;
    azureFrontDoorEndpointSuffix?: string;
  };
}

const ENDPOINTS: Record<CloudName, Endpoints> = {
  AzureCloud: {
    portal: 'https://portal.azure.com',
    graph: 'https://graph.windows.net/',
    login: 'https://login.microsoftonline.com/',
    resourceManager: 'https://management.azure.com/',
    audience: 'https://management.core.windows.net/',
    gallery: 'https://gallery.azure.com/',
    batch: 'https://batch.core.windows.net/',
    media: 'https://rest.media.azure.net',
    sqlManagement: 'https://management.core.windows.net:8443/',
    suffixes: {
      acrLoginServer: '.azurecr.io',
      azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
      azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
      azureFrontDoorEndpointSuffix: 'azurefd.net',
      keyvaultDns: '.vault.azure.net',
      sqlServerHostname: '.database.windows.net',
      storage: 'core.windows.net',
    },
  },
  AzureChinaCloud: {
    portal: 'https://portal.azure.cn',
    graph: 'https://graph.chinacloudapi.cn/',
    login: 'https://login.chinacloudapi.cn/',
    resourceManager: 'https://management.chinacloudapi.cn/',
    audience: 'https://management.core.chinacloudapi.cn/',
    gallery: 'https://gallery.chinacloudapi.cn/',
    batch: 'https://batch.chinacloudapi.cn/',
    media: 'https://rest.media.chinacloudapi.cn',
    sqlManagement: 'https://management.core.chinacloudapi.cn:8443/',
    suffixes: {
      acrLoginServer: '.azurecr.cn',
      keyvaultDns: '.vault.azure.cn',
      sqlServerHostname: '.database.chinacloudapi.cn',
      storage: 'core.chinacloudapi.cn',
    },
  },
  AzureUSGovernment: {
    portal: 'https://portal.azure.us',
    graph: 'https://graph.windows.net/',
    login: 'https://login.microsoftonline.us/',
    resourceManager: 'https://management.usgovcloudapi.net/',
    audience: 'https://management.core.usgovcloudapi.net/',
    gallery: 'https://gallery.usgovcloudapi.net/',
    batch: 'https://batch.core.usgovcloudapi.net/',
    media: 'https://rest.media.usgovcloudapi.net',
    sqlManagement: 'https://management.core.usgovcloudapi.net:8443/',
    suffixes: {
      acrLoginServer: '.azurecr.us',
      keyvaultDns: '.vault.usgovcloudapi.net',
      sqlServerHostname: '.database.usgovcloudapi.net',
      storage: 'core.usgovcloudapi.net',
    },
  },
};

export function environmentOf(cloud: CloudName): Record<string, unknown> {
  const e = ENDPOINTS[cloud];
  return {
    name: cloud,
    gallery: e.gallery,
    graph: e.graph,
    portal: e.portal,
    graphAudience: e.graph,
    activeDirectoryDataLake: cloud === 'AzureCloud' ? 'https://datalake.azure.net/' : '',
    batch: e.batch,
    media: e.media,
    sqlManagement: e.sqlManagement,
    vmImageAliasDoc: 'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
    resourceManager: e.resourceManager,
    authentication: { loginEndpoint: e.login, audiences: [e.audience, e.resourceManager], tenant: 'common', identityProvider: 'AAD' },
    suffixes: { ...e.suffixes },
  };
}
