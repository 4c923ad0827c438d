/**
 * The one table of resource kinds. Per kind: the ARM type(s) whose payloads it holds, how
 * Resource Manager lists it (per subscription, per parent, or as the GET of an id a parent names),
 * the api-version it is read with, which SDK client's pipeline sends the read, and where Resource
 * Graph holds it. The per-subscription collector, the Resource Graph collector, the model builder
 * (through adapters/index.ts), the bench and the snapshot's `collected` all read this table, so a
 * new resource type is one row here plus its adapter.
 */
import type { DataKind } from './inventory';

/** The SDK client whose pipeline (credential, retries, the read-only policy) sends a kind's reads. */
export type ArmClient =
  'machineLearning' | 'network' | 'storage' | 'keyVault' | 'containerRegistry' | 'containerService' | 'privateDns' | 'authorization';

export type Listing =
  /** `GET /subscriptions/{id}/providers/{provider}`, paged. */
  | { per: 'subscription'; provider: string }
  /** `GET {parent id}/{segment}`, paged, for each parent the rules need (see src/rules/reads.ts). */
  | { per: 'parent'; parent: DataKind; segment: string }
  /** `GET {parent id}/{segment}` of one named child (a singleton such as `managedNetworks/default`). */
  | { per: 'singleton'; parent: DataKind; segment: string }
  /** `GET` of the id a parent's payload names (a labeling job's data asset). */
  | { per: 'reference'; parent: DataKind }
  /** `GET /subscriptions/{id}`: the subscription exists and is visible. */
  | { per: 'scope' };

export type GraphTable = 'resources' | 'authorizationresources' | 'dnsresources';

export interface KindRow {
  kind: DataKind;
  /** Lower-cased ARM types of the payloads; the first is the one lists return. */
  armTypes: readonly string[];
  listing: Listing;
  apiVersion: string;
  client: ArmClient;
  /** The Resource Graph table that holds it (both collectors list per parent what it does not). */
  graphTable?: GraphTable;
  /** Of `armTypes`, the ones that table holds, where not all (default: all). */
  graphTypes?: readonly string[];
  /** A preview-only API: a 404 for the type or api-version means "not there" (a gap of reason `unavailable`), not a failed read. */
  preview?: true;
}

// The api-versions of kinds read through a typed SDK client before are the ones that client sends.
const NETWORK = '2024-05-01';
// Machine Learning: 2024-10-01 has managedNetwork, serviceDataAccessAuthIdentity and online
// endpoint network settings; workspaces and managed networks are read with 2025-04-01, the first
// stable version whose outbound rules carry `Failed` and `errorInformation` (AMLNET502).
const ML = '2024-10-01';
const ML_MANAGED_NETWORK = '2025-04-01';

/** A private DNS zone's A record set. */
export const DNS_A_RECORD = 'microsoft.network/privatednszones/a';

export const KINDS: readonly KindRow[] = [
  {
    kind: 'subscriptions',
    armTypes: ['microsoft.resources/subscriptions'],
    listing: { per: 'scope' },
    apiVersion: '2022-12-01',
    client: 'machineLearning',
  },
  // Lists that decide which children are read go first: the collector starts reads in this order.
  {
    kind: 'workspaces',
    armTypes: ['microsoft.machinelearningservices/workspaces'],
    listing: { per: 'subscription', provider: 'Microsoft.MachineLearningServices/workspaces' },
    apiVersion: ML_MANAGED_NETWORK,
    client: 'machineLearning',
    graphTable: 'resources',
  },
  {
    kind: 'storageAccounts',
    armTypes: ['microsoft.storage/storageaccounts'],
    listing: { per: 'subscription', provider: 'Microsoft.Storage/storageAccounts' },
    apiVersion: '2024-01-01',
    client: 'storage',
    graphTable: 'resources',
  },
  {
    kind: 'privateEndpoints',
    armTypes: ['microsoft.network/privateendpoints'],
    listing: { per: 'subscription', provider: 'Microsoft.Network/privateEndpoints' },
    apiVersion: NETWORK,
    client: 'network',
    graphTable: 'resources',
  },
  {
    kind: 'virtualNetworks',
    armTypes: ['microsoft.network/virtualnetworks'],
    listing: { per: 'subscription', provider: 'Microsoft.Network/virtualNetworks' },
    apiVersion: NETWORK,
    client: 'network',
    graphTable: 'resources',
  },
  {
    kind: 'privateDnsZones',
    armTypes: ['microsoft.network/privatednszones'],
    listing: { per: 'subscription', provider: 'Microsoft.Network/privateDnsZones' },
    apiVersion: '2020-06-01',
    client: 'privateDns',
    graphTable: 'resources',
  },
  {
    kind: 'azureFirewalls',
    armTypes: ['microsoft.network/azurefirewalls'],
    listing: { per: 'subscription', provider: 'Microsoft.Network/azureFirewalls' },
    apiVersion: NETWORK,
    client: 'network',
    graphTable: 'resources',
  },
  {
    kind: 'firewallPolicies',
    armTypes: ['microsoft.network/firewallpolicies'],
    listing: { per: 'subscription', provider: 'Microsoft.Network/firewallPolicies' },
    apiVersion: NETWORK,
    client: 'network',
    graphTable: 'resources',
  },
  {
    kind: 'keyVaults',
    armTypes: ['microsoft.keyvault/vaults'],
    listing: { per: 'subscription', provider: 'Microsoft.KeyVault/vaults' },
    apiVersion: '2025-05-01',
    client: 'keyVault',
    graphTable: 'resources',
  },
  {
    kind: 'containerRegistries',
    armTypes: ['microsoft.containerregistry/registries'],
    listing: { per: 'subscription', provider: 'Microsoft.ContainerRegistry/registries' },
    apiVersion: '2025-11-01',
    client: 'containerRegistry',
    graphTable: 'resources',
  },
  {
    kind: 'applicationInsights',
    armTypes: ['microsoft.insights/components'],
    listing: { per: 'subscription', provider: 'Microsoft.Insights/components' },
    apiVersion: '2020-02-02',
    client: 'machineLearning',
    graphTable: 'resources',
  },
  {
    kind: 'networkSecurityGroups',
    armTypes: ['microsoft.network/networksecuritygroups'],
    listing: { per: 'subscription', provider: 'Microsoft.Network/networkSecurityGroups' },
    apiVersion: NETWORK,
    client: 'network',
    graphTable: 'resources',
  },
  {
    kind: 'routeTables',
    armTypes: ['microsoft.network/routetables'],
    listing: { per: 'subscription', provider: 'Microsoft.Network/routeTables' },
    apiVersion: NETWORK,
    client: 'network',
    graphTable: 'resources',
  },
  {
    kind: 'natGateways',
    armTypes: ['microsoft.network/natgateways'],
    listing: { per: 'subscription', provider: 'Microsoft.Network/natGateways' },
    apiVersion: NETWORK,
    client: 'network',
    graphTable: 'resources',
  },
  {
    kind: 'bastionHosts',
    armTypes: ['microsoft.network/bastionhosts'],
    listing: { per: 'subscription', provider: 'Microsoft.Network/bastionHosts' },
    apiVersion: NETWORK,
    client: 'network',
    graphTable: 'resources',
  },
  {
    kind: 'managedClusters',
    armTypes: ['microsoft.containerservice/managedclusters'],
    listing: { per: 'subscription', provider: 'Microsoft.ContainerService/managedClusters' },
    apiVersion: '2025-02-01',
    client: 'containerService',
    graphTable: 'resources',
  },
  {
    kind: 'roleAssignments',
    armTypes: ['microsoft.authorization/roleassignments'],
    listing: { per: 'subscription', provider: 'Microsoft.Authorization/roleAssignments' },
    apiVersion: '2022-04-01',
    client: 'authorization',
    graphTable: 'authorizationresources',
  },
  // Children, read per parent.
  // Of a workspace's children, Resource Graph holds online endpoints and their deployments only.
  {
    kind: 'onlineEndpoints',
    armTypes: ['microsoft.machinelearningservices/workspaces/onlineendpoints'],
    listing: { per: 'parent', parent: 'workspaces', segment: 'onlineEndpoints' },
    apiVersion: ML,
    client: 'machineLearning',
    graphTable: 'resources',
  },
  {
    kind: 'onlineDeployments',
    armTypes: ['microsoft.machinelearningservices/workspaces/onlineendpoints/deployments'],
    listing: { per: 'parent', parent: 'onlineEndpoints', segment: 'deployments' },
    apiVersion: ML,
    client: 'machineLearning',
    graphTable: 'resources',
  },
  {
    kind: 'computes',
    armTypes: ['microsoft.machinelearningservices/workspaces/computes'],
    listing: { per: 'parent', parent: 'workspaces', segment: 'computes' },
    apiVersion: ML,
    client: 'machineLearning',
  },
  {
    kind: 'managedNetworks',
    armTypes: ['microsoft.machinelearningservices/workspaces/managednetworks'],
    listing: { per: 'singleton', parent: 'workspaces', segment: 'managedNetworks/default' },
    apiVersion: ML_MANAGED_NETWORK,
    client: 'machineLearning',
  },
  // The labeling API is preview-only: a 404 means "not there", not a failed read.
  {
    kind: 'labelingJobs',
    armTypes: ['microsoft.machinelearningservices/workspaces/labelingjobs'],
    listing: { per: 'parent', parent: 'workspaces', segment: 'labelingJobs' },
    apiVersion: '2024-04-01-preview',
    client: 'machineLearning',
    preview: true,
  },
  {
    kind: 'dataAssets',
    armTypes: ['microsoft.machinelearningservices/workspaces/data/versions'],
    listing: { per: 'reference', parent: 'labelingJobs' },
    apiVersion: ML,
    client: 'machineLearning',
  },
  {
    kind: 'datastores',
    armTypes: ['microsoft.machinelearningservices/workspaces/datastores'],
    listing: { per: 'parent', parent: 'workspaces', segment: 'datastores' },
    apiVersion: ML,
    client: 'machineLearning',
  },
  // Which zones resolve an endpoint: its DNS zone groups, or the zones' A records, which are what a
  // zone group writes (one made by hand resolves too). Resource Graph holds the records
  // (`dnsresources`), not the zone groups: an endpoint whose addresses it knows needs no zone group read.
  {
    kind: 'privateDnsZoneGroups',
    armTypes: ['microsoft.network/privateendpoints/privatednszonegroups', DNS_A_RECORD],
    listing: { per: 'parent', parent: 'privateEndpoints', segment: 'privateDnsZoneGroups' },
    apiVersion: NETWORK,
    client: 'network',
    graphTable: 'dnsresources',
    graphTypes: [DNS_A_RECORD],
  },
  {
    kind: 'virtualNetworkLinks',
    armTypes: ['microsoft.network/privatednszones/virtualnetworklinks'],
    listing: { per: 'parent', parent: 'privateDnsZones', segment: 'virtualNetworkLinks' },
    apiVersion: '2020-06-01',
    client: 'privateDns',
    graphTable: 'resources',
  },
  {
    kind: 'firewallPolicyRuleCollectionGroups',
    armTypes: ['microsoft.network/firewallpolicies/rulecollectiongroups'],
    listing: { per: 'parent', parent: 'firewallPolicies', segment: 'ruleCollectionGroups' },
    apiVersion: NETWORK,
    client: 'network',
  },
];

const BY_KIND = new Map(KINDS.map((k) => [k.kind, k]));
const BY_TYPE = new Map(KINDS.flatMap((k) => k.armTypes.map((t) => [t, k] as const)));

export function kindRow(kind: DataKind): KindRow {
  const row = BY_KIND.get(kind);
  if (!row) throw new Error(`no row for data kind ${kind} in src/model/kinds.ts`);
  return row;
}

/** The row of a lower-cased ARM type, if amlnet reads that type. */
export function kindOfType(armType: string): KindRow | undefined {
  return BY_TYPE.get(armType);
}

/** The types of a kind that Resource Graph holds. */
export function graphTypesOf(row: KindRow): readonly string[] {
  return row.graphTable ? (row.graphTypes ?? row.armTypes) : [];
}

/** The Resource Graph table that holds a lower-cased ARM type, if amlnet reads it from one. */
export function graphTableOf(armType: string): GraphTable | undefined {
  const row = kindOfType(armType);
  return row && graphTypesOf(row).includes(armType) ? row.graphTable : undefined;
}

export const ALL_KINDS: ReadonlySet<DataKind> = new Set(KINDS.map((k) => k.kind));

/** The kind a per-parent kind hangs off, if any. */
export function parentKind(kind: DataKind): DataKind | undefined {
  const l = kindRow(kind).listing;
  return 'parent' in l ? l.parent : undefined;
}
