/**
 * What Resource Manager fills in when a Terraform configuration leaves an attribute out and the
 * plan shows it as known only after apply: the value a GET returns after creation. One place, so
 * docs/before-deployment.md can list each with its source (to be merged with src/iac/defaults.ts,
 * the template path's table, once both are on main).
 */

/** Microsoft.Storage storageAccounts: `networkAcls` when none is set (REST reference: bypass defaults to AzureServices, defaultAction to Allow). */
export const STORAGE_NETWORK_ACLS = { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [], resourceAccessRules: [] };

/** Microsoft.KeyVault vaults: an unset network ACL behaves as allow from all networks, trusted services allowed. */
export const KEY_VAULT_NETWORK_ACLS = { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] };

/** Microsoft.ContainerRegistry registries: `networkRuleBypassOptions` defaults to AzureServices. */
export const ACR_NETWORK_RULE_BYPASS = 'AzureServices';

/** azurerm compute instance and cluster: `node_public_ip_enabled` defaults to true (a public IP per node). */
export const COMPUTE_NODE_PUBLIC_IP = true;

/** A workspace without `managed_network`: no managed VNet (isolationMode Disabled). */
export const WORKSPACE_ISOLATION_MODE = 'Disabled';

/** Private endpoint connection state: an automatic connection is approved at creation, a manual one waits. */
export const PE_CONNECTION_STATUS = { automatic: 'Approved', manual: 'Pending' } as const;

/** Every NSG's six default rules, as a GET returns them in `defaultSecurityRules` (learn.microsoft.com, "Network security groups: default security rules"). */
export const NSG_DEFAULT_RULES: { name: string; priority: number; direction: string; access: string; source: string; destination: string }[] = [
  { name: 'AllowVnetInBound', priority: 65000, direction: 'Inbound', access: 'Allow', source: 'VirtualNetwork', destination: 'VirtualNetwork' },
  { name: 'AllowAzureLoadBalancerInBound', priority: 65001, direction: 'Inbound', access: 'Allow', source: 'AzureLoadBalancer', destination: '*' },
  { name: 'DenyAllInBound', priority: 65500, direction: 'Inbound', access: 'Deny', source: '*', destination: '*' },
  { name: 'AllowVnetOutBound', priority: 65000, direction: 'Outbound', access: 'Allow', source: 'VirtualNetwork', destination: 'VirtualNetwork' },
  { name: 'AllowInternetOutBound', priority: 65001, direction: 'Outbound', access: 'Allow', source: '*', destination: 'Internet' },
  { name: 'DenyAllOutBound', priority: 65500, direction: 'Outbound', access: 'Deny', source: '*', destination: '*' },
];

/** The subscription used when neither the plan nor the base names one (stated in the report's notes). */
export const PLACEHOLDER_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/**
 * Built-in role names `azurerm_role_assignment.role_definition_name` takes, by GUID (the same
 * GUID in every tenant; Azure built-in roles reference). The roles the rules ask about are here.
 */
export const BUILT_IN_ROLES: Record<string, string> = {
  'owner': '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  'contributor': 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'reader': 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'storage blob data owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  'storage blob data contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'storage blob data reader': '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  'acrpull': '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  'acrpush': '8311e382-0749-4cb8-b61a-304f252e45ec',
  'key vault secrets user': '4633458b-17de-408a-b874-0445c86b69e6',
  'key vault administrator': '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  'network contributor': '4d97b98b-1d4f-4787-a291-c67834d212e7',
  'azureml data scientist': 'f6c7c914-8db3-469d-8ca1-694a8f32e121',
};
