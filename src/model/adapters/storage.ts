/** Microsoft.Storage: storage accounts (a workspace's default storage and its datastores' accounts). */
import type { ArmResource } from '../inventory';
import type { StorageAccount } from '../types';
import { bool, networkAcls, obj, peConnections, tok, withNode } from './common';

export function storageAccount(r: ArmResource): StorageAccount {
  const p = obj(r.properties);
  return withNode<StorageAccount>(r, {
    dependencyKind: 'storage',
    kind: tok(r.kind),
    isHnsEnabled: bool(p.isHnsEnabled) ?? false,
    publicNetworkAccess: tok(p.publicNetworkAccess),
    networkAcls: networkAcls(p.networkAcls),
    privateEndpointConnections: peConnections(p.privateEndpointConnections),
  });
}
