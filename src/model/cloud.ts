/** Per-cloud endpoints, token audiences and private DNS zone names (rules.md: sovereign clouds use their own zones). */
import type { CloudName } from './inventory';

export interface CloudProfile {
  name: CloudName;
  armEndpoint: string;
  /** Token scope for Resource Manager. */
  armScope: string;
  zones: {
    workspace: string[];
    storage: Record<'blob' | 'file' | 'queue' | 'table' | 'dfs', string>;
    vault: string;
    registry: string;
  };
}

function storageZones(suffix: string): CloudProfile['zones']['storage'] {
  return {
    blob: `privatelink.blob.${suffix}`,
    file: `privatelink.file.${suffix}`,
    queue: `privatelink.queue.${suffix}`,
    table: `privatelink.table.${suffix}`,
    dfs: `privatelink.dfs.${suffix}`,
  };
}

export const CLOUDS: Record<CloudName, CloudProfile> = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    zones: {
      workspace: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'],
      storage: storageZones('core.windows.net'),
      vault: 'privatelink.vaultcore.azure.net',
      registry: 'privatelink.azurecr.io',
    },
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    zones: {
      workspace: ['privatelink.api.ml.azure.cn', 'privatelink.notebooks.chinacloudapi.cn'],
      storage: storageZones('core.chinacloudapi.cn'),
      vault: 'privatelink.vaultcore.azure.cn',
      registry: 'privatelink.azurecr.cn',
    },
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    zones: {
      workspace: ['privatelink.api.ml.azure.us', 'privatelink.notebooks.usgovcloudapi.net'],
      storage: storageZones('core.usgovcloudapi.net'),
      vault: 'privatelink.vaultcore.usgovcloudapi.net',
      registry: 'privatelink.azurecr.us',
    },
  },
};

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

export function isCloudName(v: unknown): v is CloudName {
  return typeof v === 'string' && (CLOUD_NAMES as string[]).includes(v);
}
