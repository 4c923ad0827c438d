/** Microsoft.ContainerService: AKS clusters attached to workspaces. */
import type { ArmResource } from '../inventory';
import type { ManagedCluster } from '../types';
import { arr, bool, ids, obj, withNode } from './common';

export function managedCluster(r: ArmResource): ManagedCluster {
  const p = obj(r.properties);
  const api = obj(p.apiServerAccessProfile);
  const setting = bool(api.enablePrivateCluster);
  return withNode<ManagedCluster>(r, {
    subnetIds: ids(arr(p.agentPoolProfiles).map((a) => obj(a).vnetSubnetID)),
    privateCluster: setting ?? false,
    enablePrivateClusterSetting: setting,
    privateClusterPublicFqdn: bool(api.enablePrivateClusterPublicFQDN) ?? false,
  });
}
