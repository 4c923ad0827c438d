/**
 * The inventory is what collection produces and what a snapshot stores: a bag of resources in
 * the shape Resource Manager returns them (id, name, type, location, properties, ...), plus the
 * gaps collection ran into. Keeping the ARM shape means fixtures, snapshots, Resource Graph rows
 * and Microsoft's own examples are one format, and the model builder is the only code that
 * interprets them.
 */
export type CloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';

export interface ArmResource {
  id: string;
  name?: string;
  type?: string;
  location?: string;
  kind?: string;
  tags?: Record<string, string> | null;
  sku?: { name?: string; tier?: string } | null;
  identity?: {
    type?: string;
    principalId?: string;
    tenantId?: string;
    userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }>;
  } | null;
  properties?: Record<string, any> | null;
  [key: string]: unknown;
}

/** What kind of data a gap leaves out. Rules declare the kinds they need (see src/rules). */
export type DataKind =
  | 'subscriptions'
  | 'workspaces'
  | 'computes'
  | 'datastores'
  | 'onlineEndpoints'
  | 'onlineDeployments'
  | 'labelingJobs'
  | 'dataAssets'
  | 'storageAccounts'
  | 'keyVaults'
  | 'containerRegistries'
  | 'applicationInsights'
  | 'privateEndpoints'
  | 'privateDnsZoneGroups'
  | 'virtualNetworks'
  | 'networkSecurityGroups'
  | 'routeTables'
  | 'natGateways'
  | 'azureFirewalls'
  | 'firewallPolicies'
  | 'firewallPolicyRuleCollectionGroups'
  | 'bastionHosts'
  | 'privateDnsZones'
  | 'virtualNetworkLinks'
  | 'managedClusters'
  | 'roleAssignments'
  | 'managedNetworks';

export interface CollectionGap {
  /** What could not be read. */
  kind: DataKind;
  /** The scope that was being listed: a subscription (`/subscriptions/<id>`) or a parent resource id. */
  scope: string;
  /** `error`: the read failed (403, 5xx, parse error, throttling that never cleared).
   *  `unavailable`: the API does not exist there (a preview API that answers 404); not a scan failure. */
  reason: 'error' | 'unavailable';
  status?: number;
  code?: string;
  message: string;
  /** A gap a planned change leaves (src/iac/overlay.ts): the property of `scope` that is not known before deployment. */
  property?: string;
}

export interface Inventory {
  schemaVersion: 1;
  tool?: { name: string; version: string };
  collectedAt?: string;
  cloud: CloudName;
  scope: { subscriptions: string[]; resourceGroup?: string; workspace?: string };
  resources: ArmResource[];
  gaps: CollectionGap[];
  /**
   * The kinds collection read (it reads only what the selected rules need). Absent: everything.
   * A rule that needs a kind this inventory does not hold is not evaluated (AMLNET900), so a
   * snapshot replayed with more rules than it was taken for cannot pass silently.
   */
  collected?: DataKind[];
  /**
   * Child reads left out because no rule selected for the scan needed them under that parent
   * (datastores of a workspace next to open storage, ...). A rule that needs one of them later
   * reports a gap for that parent, never a silent pass. Absent: none left out.
   */
  skipped?: SkippedRead[];
}

export interface SkippedRead {
  kind: DataKind;
  /** The parent whose children were not read. */
  scope: string;
}
