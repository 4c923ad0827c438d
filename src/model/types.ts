/**
 * The normalized, read-only model the rules run on. Every id is lower-cased (see ids.ts). The
 * adapters (src/model/adapters) are the only code that reads ARM payloads: nothing here keeps the
 * raw JSON, so a rule can only read what an adapter typed.
 */
import type { CloudName, CollectionGap } from './inventory';

export type Scenario = 'managed-vnet' | 'private-workspace' | 'public-workspace-private-resources' | 'no-vnet' | 'mixed';

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
  /** Why a rule is `Failed` (api-version 2025-04-01 and later). */
  errorInformation?: string;
  destination?: { serviceResourceId?: string; subresourceTarget?: string; sparkEnabled?: boolean } | string;
}

/** `kind` of a workspace: an AI Foundry hub, a project under a hub, or a plain workspace (`Default`, absent). */
export type WorkspaceKind = 'default' | 'hub' | 'project' | 'featurestore' | 'other';

export interface ManagedNetwork {
  isolationMode?: string;
  /** `managedNetworkKind`: V2 keeps its outbound rules in the `managedNetworks/default` child. */
  kind: 'v1' | 'v2';
  outboundRules: ManagedOutboundRule[];
  /** The outbound rules were not read (no `outboundRules` in the payload, or V2's child not read), as opposed to an empty set. */
  outboundRulesUnknown?: boolean;
}

export interface Workspace extends Node {
  kind?: string;
  workspaceKind: WorkspaceKind;
  /** A project's hub (`properties.hubResourceId`), normalized. */
  hubId?: string;
  /** Where the network settings below come from: the project's hub when it is visible (a project uses its hub's network). */
  networkFromHubId?: string;
  publicNetworkAccess?: string;
  allowPublicAccessWhenBehindVnet?: boolean;
  privateEndpointConnections: PrivateEndpointConnection[];
  storageAccountId?: string;
  keyVaultId?: string;
  containerRegistryId?: string;
  applicationInsightsId?: string;
  /** Absent, empty or null in the payload: undefined. */
  imageBuildCompute?: string;
  /** The system-assigned identity's principal. */
  principalId?: string;
  /** `primaryUserAssignedIdentity` (normalized) and its principal, when the payload names it in `identity.userAssignedIdentities`. */
  primaryUserAssignedIdentity?: string;
  primaryUserAssignedPrincipalId?: string;
  managedNetwork?: ManagedNetwork;
  /** `serverlessComputeSettings`: serverless jobs run in this customer subnet (normalized), with or without public IPs. */
  serverlessComputeSubnetId?: string;
  serverlessComputeNoPublicIp?: boolean;
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
  /**
   * Whether the nodes have public IPs. AmlCompute: `enableNodePublicIp` (absent is its default, true).
   * ComputeInstance: a GET never returns `enableNodePublicIp`; `connectivityEndpoints.publicIpAddress`
   * says it, and without `connectivityEndpoints` it is `unknown` (rules do not guess). Other types: `none`.
   */
  publicIp: 'public' | 'none' | 'unknown';
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
  /** `dhcpOptions.dnsServers` as listed. */
  dnsServers: string[];
  /** Empty, or only Azure's own resolver 168.63.129.16: names resolve through Azure DNS (and its private zones). */
  usesAzureDns: boolean;
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
  /** `apiServerAccessProfile.enablePrivateCluster` as the payload has it (undefined: absent), for evidence. */
  enablePrivateClusterSetting?: boolean;
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

/** An Azure Firewall network rule, classic or from a policy, in evaluation order. */
export interface FirewallNetworkRule {
  /** `group/collection/rule` (policy) or `collection/rule` (classic), for messages. */
  path: string;
  action: 'Allow' | 'Deny';
  protocols: string[];
  sourceAddresses: string[];
  sourceIpGroups: string[];
  destinationAddresses: string[];
  destinationIpGroups: string[];
  destinationPorts: string[];
}

/** An Azure Firewall application rule: FQDNs (or FQDN tags) over HTTP(S). */
export interface FirewallApplicationRule {
  path: string;
  action: 'Allow' | 'Deny';
  /** `https:443`, `http:80`, lower-cased. */
  protocols: string[];
  sourceAddresses: string[];
  sourceIpGroups: string[];
  /** Lower-cased; may start with `*.`. */
  targetFqdns: string[];
  fqdnTags: string[];
}

export interface FirewallRules {
  network: FirewallNetworkRule[];
  application: FirewallApplicationRule[];
}

export interface AzureFirewall extends Node {
  /** The private IPs routes can name as next hop: each ipConfiguration's, or a Virtual WAN hub firewall's `hubIPAddresses.privateIPAddress`. */
  privateIps: string[];
  firewallPolicyId?: string;
  /** The classic rule collections on the firewall itself, in evaluation order. */
  classicRules: FirewallRules;
}

export interface FirewallRuleCollectionGroup {
  id: string;
  name: string;
  policyId: string;
  priority: number;
  /** The group's rules, collections in priority order. */
  rules: FirewallRules;
}

export interface FirewallPolicy extends Node {
  basePolicyId?: string;
  /** In priority order once the model is built. */
  ruleCollectionGroups: FirewallRuleCollectionGroup[];
}

export interface BastionHost extends Node {
  subnetIds: string[];
  /** The Developer SKU has no subnet: it names its VNet in `properties.virtualNetwork` (normalized). */
  vnetId?: string;
}

export interface GapSummary extends CollectionGap {}

export type { CloudName };
