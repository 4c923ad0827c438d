/**
 * One adapter per data kind: ARM GET shape -> typed entity (or a join record for children that
 * only add to their parent, such as DNS zone groups). The mapped type makes a kind without an
 * adapter a compile error, so kinds.ts and this list cannot drift apart. Children get their
 * parent's normalized id. Template, what-if and Terraform inputs produce ARM-shaped records that
 * go through these same adapters.
 */
import type { ArmResource, DataKind } from '../inventory';
import { typeOfId } from '../ids';
import { DNS_A_RECORD } from '../kinds';
import type {
  ApplicationInsights,
  AzureFirewall,
  BastionHost,
  Compute,
  ContainerRegistry,
  DataAsset,
  Datastore,
  FirewallPolicy,
  FirewallRuleCollectionGroup,
  KeyVault,
  LabelingJob,
  ManagedCluster,
  NatGateway,
  NetworkSecurityGroup,
  OnlineDeployment,
  OnlineEndpoint,
  PrivateDnsZone,
  PrivateEndpoint,
  RoleAssignment,
  RouteTable,
  StorageAccount,
  VirtualNetwork,
  Workspace,
} from '../types';
import { roleAssignment } from './authorization';
import { containerRegistry } from './containerregistry';
import { managedCluster } from './containerservice';
import { applicationInsights } from './insights';
import { keyVault } from './keyvault';
import {
  compute,
  dataAsset,
  datastore,
  labelingJob,
  managedNetwork,
  onlineDeployment,
  onlineEndpoint,
  workspace,
  type ManagedNetworkChild,
} from './machinelearning';
import {
  azureFirewall,
  bastionHost,
  firewallPolicy,
  natGateway,
  networkSecurityGroup,
  privateDnsZoneGroup,
  privateEndpoint,
  routeTable,
  ruleCollectionGroup,
  virtualNetwork,
  type DnsZoneGroup,
} from './network';
import { aRecord, privateDnsZone, virtualNetworkLink, type DnsARecord, type ZoneLink } from './privatedns';
import { storageAccount } from './storage';

export interface AdaptedOf {
  subscriptions: never;
  workspaces: Workspace;
  computes: Compute;
  datastores: Datastore;
  onlineEndpoints: OnlineEndpoint;
  onlineDeployments: OnlineDeployment;
  managedNetworks: ManagedNetworkChild;
  labelingJobs: LabelingJob;
  dataAssets: DataAsset;
  storageAccounts: StorageAccount;
  keyVaults: KeyVault;
  containerRegistries: ContainerRegistry;
  applicationInsights: ApplicationInsights;
  privateEndpoints: PrivateEndpoint;
  /** Which zones resolve an endpoint: its zone groups, or the A records of the zones (see kinds.ts). */
  privateDnsZoneGroups: DnsZoneGroup | DnsARecord;
  virtualNetworks: VirtualNetwork;
  networkSecurityGroups: NetworkSecurityGroup;
  routeTables: RouteTable;
  natGateways: NatGateway;
  azureFirewalls: AzureFirewall;
  firewallPolicies: FirewallPolicy;
  firewallPolicyRuleCollectionGroups: FirewallRuleCollectionGroup;
  bastionHosts: BastionHost;
  privateDnsZones: PrivateDnsZone;
  virtualNetworkLinks: ZoneLink;
  managedClusters: ManagedCluster;
  roleAssignments: RoleAssignment;
}

export type Adapter<K extends DataKind> = (r: ArmResource, parentId: string) => AdaptedOf[K] | undefined;

export const ADAPTERS: { readonly [K in DataKind]: Adapter<K> } = {
  // The subscription GET only tells a missing subscription from an empty one; nothing is kept.
  subscriptions: () => undefined,
  workspaces: workspace,
  computes: compute,
  datastores: datastore,
  onlineEndpoints: onlineEndpoint,
  onlineDeployments: onlineDeployment,
  managedNetworks: managedNetwork,
  labelingJobs: labelingJob,
  dataAssets: dataAsset,
  storageAccounts: storageAccount,
  keyVaults: keyVault,
  containerRegistries: containerRegistry,
  applicationInsights,
  privateEndpoints: privateEndpoint,
  privateDnsZoneGroups: (r, parentId) =>
    (typeof r.type === 'string' && r.type !== '' ? r.type.toLowerCase() : typeOfId(r.id)) === DNS_A_RECORD
      ? aRecord(r, parentId)
      : privateDnsZoneGroup(r, parentId),
  virtualNetworks: virtualNetwork,
  networkSecurityGroups: networkSecurityGroup,
  routeTables: routeTable,
  natGateways: natGateway,
  azureFirewalls: azureFirewall,
  firewallPolicies: firewallPolicy,
  firewallPolicyRuleCollectionGroups: ruleCollectionGroup,
  bastionHosts: bastionHost,
  privateDnsZones: privateDnsZone,
  virtualNetworkLinks: virtualNetworkLink,
  managedClusters: managedCluster,
  roleAssignments: roleAssignment,
};

export { normalizeLocation } from './common';
export { labelingJobDataAssetId } from './machinelearning';
export { AZURE_DNS_IP } from './network';
export type { DnsARecord } from './privatedns';
