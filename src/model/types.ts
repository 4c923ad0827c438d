/**
 * The normalized, read-only model the rules run on. Every id is lower-cased (see ids.ts); the raw
 * ARM payload stays reachable through `raw` for evidence, but rules read the typed fields.
 */
import type { ArmResource, CloudName, CollectionGap } from './inventory';

export type Scenario =
  | 'managed-vnet'
  | 'private-workspace'
  | 'public-workspace-private-resources'
  | 'no-vnet'
  | 'mixed';

export interface Node {
  /** Normalized (lower-cased) ARM id. */
  id: string;
  /** The id as Resource Manager spelled it, for output. */
  displayId: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  tags: Record<string, string>;
  raw: ArmResource;
}

export interface PrivateEndpointConnection {
  privateEndpointId?: string;
  status?: string;
}

export interface NetworkAcls {
  defaultAction?: string;
  /** Split and trimmed (`Logging, Metrics, AzureServices` -> three entries). */
  bypass: string[];
  ipRules: string[];
  /** Subnet ids (normalized). */
  virtualNetworkRules: string[];
  resourceAccessRules: { tenantId?: string; resourceId?: string }[];
}

export type DependencyKind = 'storage' | 'keyVault' | 'containerRegistry';

export interface Dependency extends Node {
  dependencyKind: DependencyKind;
  publicNetworkAccess?: string;
  networkAcls?: NetworkAcls;
  privateEndpointConnections: PrivateEndpointConnection[];
}

export interface StorageAccount extends Dependency {
  dependencyKind: 'storage';
  kind?: string;
  isHnsEnabled: boolean;
}

export interface KeyVault extends Dependency {
  dependencyKind: 'keyVault';
}

export interface ContainerRegistry extends Dependency {
  dependencyKind: 'containerRegistry';
  skuName?: string;
  /** `networkRuleBypassOptions` (AzureServices or None). */
  networkRuleBypassOptions?: string;
}

export interface ApplicationInsights extends Node {}

export interface ManagedOutboundRule {
  name: string;
  type?: string;
  category?: string;
  status?: string;
  destination?: { serviceResourceId?: string; subresourceTarget?: string; sparkEnabled?: boolean } | string;
}

export interface Workspace extends Node {
  kind?: string;
  publicNetworkAccess?: string;
  allowPublicAccessWhenBehindVnet?: boolean;
  privateEndpointConnections: PrivateEndpointConnection[];
  storageAccountId?: string;
  keyVaultId?: string;
  containerRegistryId?: string;
  applicationInsightsId?: string;
  /** Absent, empty or null in the payload: undefined. */
  imageBuildCompute?: string;
  principalId?: string;
  /** `outboundRulesUnknown`: the payload carried no `outboundRules` at all (not read), as opposed to an empty set. */
  managedNetwork?: { isolationMode?: string; outboundRules: ManagedOutboundRule[]; outboundRulesUnknown?: boolean };
  computes: Compute[];
  datastores: Datastore[];
  onlineEndpoints: OnlineEndpoint[];
  /** undefined when the (preview-only) labeling API is not available or was not read. */
  labelingJobs?: LabelingJob[];
  labelingJobsUnavailable: boolean;
}

export interface Compute extends Node {
  workspaceId: string;
  computeType: string;
  /** The subnet id (normalized), when the compute is in a customer VNet. */
  subnetId?: string;
  /** `enableNodePublicIp` (true or absent counts as true for AmlCompute and ComputeInstance). */
  hasPublicIp: boolean;
  /** For AKS / Kubernetes computes: the attached cluster's ARM id. */
  clusterResourceId?: string;
  isAttachedCompute?: boolean;
}

export interface Datastore extends Node {
  workspaceId: string;
  datastoreType?: string;
  accountName?: string;
  endpoint?: string;
  isDefault: boolean;
  serviceDataAccessAuthIdentity?: string;
}

export interface OnlineEndpoint extends Node {
  workspaceId: string;
  publicNetworkAccess?: string;
  deployments: OnlineDeployment[];
}

export interface OnlineDeployment extends Node {
  endpointId: string;
  egressPublicNetworkAccess?: string;
}

export interface LabelingJob extends Node {
  workspaceId: string;
  mlAssistEnabled: boolean;
  dataId?: string;
  /** The datastore name resolved from the data asset's `dataUri`, when it could be read. */
  datastoreName?: string;
}

export interface DataAsset extends Node {
  dataUri?: string;
}

export interface PrivateLinkConnection {
  targetId?: string;
  groupIds: string[];
  status?: string;
}

export interface PrivateEndpoint extends Node {
  subnetId?: string;
  vnetId?: string;
  connections: PrivateLinkConnection[];
  customDnsConfigs: { fqdn?: string; ipAddresses: string[] }[];
  /** Zone ids of its DNS zone groups (a failed read is a gap of kind `privateDnsZoneGroups`). */
  dnsZoneIds: string[];
}

export interface Subnet {
  id: string;
  displayId: string;
  name: string;
  vnetId: string;
  addressPrefixes: string[];
  nsgId?: string;
  routeTableId?: string;
  natGatewayId?: string;
  delegations: string[];
  serviceEndpoints: string[];
}

export interface Peering {
  name: string;
  remoteVnetId?: string;
  peeringState?: string;
}

export interface VirtualNetwork extends Node {
  addressPrefixes: string[];
  /** Empty means Azure-provided DNS. */
  dnsServers: string[];
  subnets: Subnet[];
  peerings: Peering[];
}

export interface SecurityRule {
  name: string;
  priority: number;
  direction: string;
  access: string;
  protocol: string;
  sourceAddressPrefixes: string[];
  destinationPortRanges: string[];
  isDefault: boolean;
}

export interface NetworkSecurityGroup extends Node {
  rules: SecurityRule[];
}

export interface Route {
  name: string;
  addressPrefix?: string;
  nextHopType?: string;
  nextHopIpAddress?: string;
}

export interface RouteTable extends Node {
  routes: Route[];
}

export interface NatGateway extends Node {}

export interface ManagedCluster extends Node {
  subnetIds: string[];
  privateCluster: boolean;
  privateClusterPublicFqdn: boolean;
}

export interface PrivateDnsZone extends Node {
  /** VNet ids linked to the zone (a failed read is a gap of kind `virtualNetworkLinks`). */
  linkedVnetIds: string[];
}

export interface RoleAssignment {
  id: string;
  scope: string;
  principalId: string;
  /** The role definition GUID, lower-cased, whatever form the id came in. */
  roleDefinitionGuid: string;
}

export interface AzureFirewall extends Node {
  privateIps: string[];
  firewallPolicyId?: string;
}

export interface FirewallPolicy extends Node {
  ruleCollectionGroups: ArmResourceLike[];
}

export interface BastionHost extends Node {
  subnetIds: string[];
  /** The Developer SKU has no subnet: it names its VNet in `properties.virtualNetwork` (normalized). */
  vnetId?: string;
}

export type ArmResourceLike = ArmResource;

export interface GapSummary extends CollectionGap {}

export type { CloudName };
