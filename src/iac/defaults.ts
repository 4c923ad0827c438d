/**
 * The values Resource Manager fills in when a template (or Terraform) leaves them out: what a GET
 * of the resource would show right after the deployment. One table, each row with its documented
 * source; docs/before-deployment.md lists the same rows (a test keeps the two in step). Every
 * before-deployment input goes through it (ARM templates, what-if, Terraform plans), so no rule
 * ever sees "bypass is None" because a template omitted a property that defaults to AzureServices.
 */
import type { ArmResource } from '../model/inventory';
import { normalizeId } from '../model/ids';

export interface DefaultContext {
  /** Is this id created or modified by the same change? */
  isPlanned(id: string): boolean;
  /** Records a value the change cannot know (it becomes an AMLNET900 gap naming resource and property). */
  unknown(resourceId: string, property: string, reason: string): void;
}

export interface ServerDefault {
  /** ARM resource type, as Microsoft spells it. */
  type: string;
  property: string;
  value: string;
  when: string;
  /** Where Microsoft documents the default. */
  source: string;
  apply(resource: ArmResource, ctx: DefaultContext): void;
}

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const props = (r: ArmResource): Obj => (isObj(r.properties) ? r.properties : (r.properties = {}));
const has = (o: Obj, k: string) => o[k] !== undefined && o[k] !== null;

const STORAGE_SPEC =
  'https://github.com/Azure/azure-rest-api-specs/blob/main/specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/storage.json (NetworkRuleSet)';
const KEYVAULT_SPEC =
  'https://github.com/Azure/azure-rest-api-specs/blob/main/specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/common.json (NetworkRuleSet, VaultProperties)';
const ACR_SPEC =
  'https://github.com/Azure/azure-rest-api-specs/blob/main/specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/stable/2023-07-01/containerregistry.json (RegistryProperties)';
const PE_DOC = 'https://learn.microsoft.com/azure/private-link/private-endpoint-overview#access-to-a-private-link-resource-using-approval-workflow';
const MANAGED_VNET_DOC = 'https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#list-of-required-rules';

function pePrivateLinkState(
  kind: 'privateLinkServiceConnections' | 'manualPrivateLinkServiceConnections',
  status: 'Approved' | 'Pending',
): ServerDefault['apply'] {
  return (r, ctx) => {
    const list = props(r)[kind];
    if (!Array.isArray(list)) return;
    list.forEach((c: unknown, i: number) => {
      if (!isObj(c)) return;
      const cp = isObj(c.properties) ? c.properties : (c.properties = {});
      const state = isObj(cp.privateLinkServiceConnectionState) ? cp.privateLinkServiceConnectionState : (cp.privateLinkServiceConnectionState = {});
      if (has(state, 'status')) return;
      const target = typeof cp.privateLinkServiceId === 'string' ? cp.privateLinkServiceId : undefined;
      if (status === 'Pending' || (target && ctx.isPlanned(target))) {
        state.status = status;
      } else {
        ctx.unknown(
          r.id,
          `properties.${kind}[${i}].properties.privateLinkServiceConnectionState.status`,
          `approval of the automatic connection to ${target ?? 'its target'} depends on the deployer's rights on a resource this change does not create`,
        );
      }
    });
  };
}

/** The rules a managed VNet creates itself for the workspace's own dependencies (category Required). */
function requiredOutboundRules(r: ArmResource): void {
  const p = props(r);
  const mn = p.managedNetwork;
  if (!isObj(mn)) return;
  const mode = String(mn.isolationMode ?? '').toLowerCase();
  if (mode !== 'allowinternetoutbound' && mode !== 'allowonlyapprovedoutbound') return;
  const rules: Obj = isObj(mn.outboundRules)
    ? mn.outboundRules
    : Array.isArray(mn.outboundRules)
      ? Object.fromEntries(mn.outboundRules.map((x: Obj, i: number) => [x?.name ?? String(i), x?.properties ?? x]))
      : {};
  const targets: [unknown, string[]][] = [
    [p.storageAccount, ['blob', 'file']],
    [p.keyVault, ['vault']],
    [p.containerRegistry, ['registry']],
  ];
  const wsName = String(r.name ?? '');
  for (const [id, subs] of targets) {
    if (typeof id !== 'string' || !id) continue;
    for (const sub of subs) {
      const covered = Object.values(rules).some(
        (x: unknown) =>
          isObj(x) &&
          String(x.type).toLowerCase() === 'privateendpoint' &&
          isObj(x.destination) &&
          typeof x.destination.serviceResourceId === 'string' &&
          normalizeId(x.destination.serviceResourceId) === normalizeId(id) &&
          String(x.destination.subresourceTarget).toLowerCase() === sub,
      );
      if (covered) continue;
      rules[`__SYS_PE_${wsName}_${id.split('/').pop()}_${sub}`] = {
        type: 'PrivateEndpoint',
        category: 'Required',
        destination: { serviceResourceId: id, subresourceTarget: sub, sparkEnabled: mode === 'allowonlyapprovedoutbound' },
      };
    }
  }
  mn.outboundRules = rules;
}

export const SERVER_DEFAULTS: readonly ServerDefault[] = [
  {
    type: 'Microsoft.Storage/storageAccounts',
    property: 'properties.networkAcls',
    value: '{ defaultAction: Allow, bypass: AzureServices, ipRules: [], virtualNetworkRules: [] }',
    when: 'networkAcls is not set',
    source: STORAGE_SPEC,
    apply: (r) => {
      const p = props(r);
      if (!isObj(p.networkAcls)) p.networkAcls = { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Allow' };
    },
  },
  {
    type: 'Microsoft.Storage/storageAccounts',
    property: 'properties.networkAcls.bypass',
    value: 'AzureServices',
    when: 'networkAcls is set without bypass',
    source: STORAGE_SPEC,
    apply: (r) => {
      const a = props(r).networkAcls;
      if (isObj(a) && !has(a, 'bypass')) a.bypass = 'AzureServices';
    },
  },
  {
    type: 'Microsoft.Storage/storageAccounts',
    property: 'properties.networkAcls.defaultAction',
    value: 'Allow',
    when: 'networkAcls is set without defaultAction',
    source: STORAGE_SPEC,
    apply: (r) => {
      const a = props(r).networkAcls;
      if (isObj(a) && !has(a, 'defaultAction')) a.defaultAction = 'Allow';
    },
  },
  {
    type: 'Microsoft.KeyVault/vaults',
    property: 'properties.networkAcls.bypass',
    value: 'AzureServices',
    when: 'networkAcls is set without bypass',
    source: KEYVAULT_SPEC,
    apply: (r) => {
      const a = props(r).networkAcls;
      if (isObj(a) && !has(a, 'bypass')) a.bypass = 'AzureServices';
    },
  },
  {
    type: 'Microsoft.KeyVault/vaults',
    property: 'properties.networkAcls.defaultAction',
    value: 'Allow',
    when: 'networkAcls is set without defaultAction',
    source: KEYVAULT_SPEC,
    apply: (r) => {
      const a = props(r).networkAcls;
      if (isObj(a) && !has(a, 'defaultAction')) a.defaultAction = 'Allow';
    },
  },
  {
    type: 'Microsoft.KeyVault/vaults',
    property: 'properties.publicNetworkAccess',
    value: 'Enabled',
    when: 'not set',
    source: KEYVAULT_SPEC,
    apply: (r) => {
      const p = props(r);
      if (!has(p, 'publicNetworkAccess')) p.publicNetworkAccess = 'Enabled';
    },
  },
  {
    type: 'Microsoft.ContainerRegistry/registries',
    property: 'properties.publicNetworkAccess',
    value: 'Enabled',
    when: 'not set',
    source: ACR_SPEC,
    apply: (r) => {
      const p = props(r);
      if (!has(p, 'publicNetworkAccess')) p.publicNetworkAccess = 'Enabled';
    },
  },
  {
    type: 'Microsoft.ContainerRegistry/registries',
    property: 'properties.networkRuleBypassOptions',
    value: 'AzureServices',
    when: 'not set',
    source: ACR_SPEC,
    apply: (r) => {
      const p = props(r);
      if (!has(p, 'networkRuleBypassOptions')) p.networkRuleBypassOptions = 'AzureServices';
    },
  },
  {
    type: 'Microsoft.Network/privateEndpoints',
    property: 'properties.privateLinkServiceConnections[].properties.privateLinkServiceConnectionState.status',
    value: 'Approved',
    when: 'an automatic connection to a resource the same change creates (to any other resource: unknown, a gap)',
    source: PE_DOC,
    apply: pePrivateLinkState('privateLinkServiceConnections', 'Approved'),
  },
  {
    type: 'Microsoft.Network/privateEndpoints',
    property: 'properties.manualPrivateLinkServiceConnections[].properties.privateLinkServiceConnectionState.status',
    value: 'Pending',
    when: "a manual connection (it waits for the target owner's approval)",
    source: PE_DOC,
    apply: pePrivateLinkState('manualPrivateLinkServiceConnections', 'Pending'),
  },
  {
    type: 'Microsoft.MachineLearningServices/workspaces',
    property: 'properties.managedNetwork.outboundRules',
    value: 'Required PrivateEndpoint rules to the default storage (blob, file), key vault (vault) and registry (registry)',
    when: 'the workspace has a managed VNet (AllowInternetOutbound or AllowOnlyApprovedOutbound)',
    source: MANAGED_VNET_DOC,
    apply: requiredOutboundRules,
  },
];

/** Applies every default for the resource's type, in table order. Mutates `resource` (a planned resource's own copy). */
export function applyServerDefaults(resource: ArmResource, ctx: DefaultContext): void {
  const type = String(resource.type ?? '').toLowerCase();
  for (const d of SERVER_DEFAULTS) if (d.type.toLowerCase() === type) d.apply(resource, ctx);
}
