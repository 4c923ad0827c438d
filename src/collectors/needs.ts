/**
 * Request economy: collection reads only the data the selected rules (and the report) declare
 * in `meta.requires`. A kind nobody reads costs no request; a kind that is needed pulls in the
 * kinds the collector must see to decide where to look for it (datastores only matter next to
 * restricted storage, so storage is read to decide; deployments hang off endpoints; ...).
 */
import type { DataKind } from '../model/inventory';

export const ALL_KINDS: ReadonlySet<DataKind> = new Set<DataKind>([
  'subscriptions', 'workspaces', 'computes', 'datastores', 'onlineEndpoints', 'onlineDeployments', 'labelingJobs', 'dataAssets',
  'storageAccounts', 'keyVaults', 'containerRegistries', 'applicationInsights', 'privateEndpoints', 'privateDnsZoneGroups',
  'virtualNetworks', 'networkSecurityGroups', 'routeTables', 'natGateways', 'azureFirewalls', 'firewallPolicies',
  'firewallPolicyRuleCollectionGroups', 'bastionHosts', 'privateDnsZones', 'virtualNetworkLinks', 'managedClusters', 'roleAssignments',
]);

/**
 * What the report reads beyond the rules: the scenario of each workspace (cli.md's JSON
 * `workspaces[].scenario`) is decided from its private endpoints, dependencies and computes.
 */
export const REPORT_NEEDS: readonly DataKind[] = ['subscriptions', 'workspaces', 'computes', 'storageAccounts', 'keyVaults', 'containerRegistries', 'privateEndpoints'];

/** To decide where a kind is fetched, the collector must have read these first. */
const PREREQUISITES: Partial<Record<DataKind, DataKind[]>> = {
  datastores: ['storageAccounts'],
  labelingJobs: ['storageAccounts'],
  dataAssets: ['labelingJobs'],
  onlineDeployments: ['onlineEndpoints'],
  privateDnsZoneGroups: ['privateEndpoints'],
  virtualNetworkLinks: ['privateDnsZones'],
  firewallPolicyRuleCollectionGroups: ['firewallPolicies', 'azureFirewalls'],
};

/** Adds what the collector needs to decide where to look for the kinds asked for. */
export function closeNeeds(kinds: Iterable<DataKind>): Set<DataKind> {
  const out = new Set<DataKind>(['subscriptions', 'workspaces']);
  const stack = [...kinds];
  while (stack.length) {
    const k = stack.pop() as DataKind;
    if (out.has(k) && k !== 'subscriptions' && k !== 'workspaces') continue;
    out.add(k);
    for (const p of PREREQUISITES[k] ?? []) if (!out.has(p)) stack.push(p);
  }
  return out;
}

/** The data a rule set and the report need. */
export function kindsNeededBy(rules: readonly { meta: { requires: readonly DataKind[] } }[]): Set<DataKind> {
  return closeNeeds([...REPORT_NEEDS, ...rules.flatMap((r) => r.meta.requires)]);
}
