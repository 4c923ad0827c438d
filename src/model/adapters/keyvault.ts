/** Microsoft.KeyVault: vaults. */
import type { ArmResource } from '../inventory';
import type { KeyVault } from '../types';
import { networkAcls, obj, peConnections, tok, withNode } from './common';

export function keyVault(r: ArmResource): KeyVault {
  const p = obj(r.properties);
  return withNode<KeyVault>(r, {
    dependencyKind: 'keyVault',
    publicNetworkAccess: tok(p.publicNetworkAccess),
    networkAcls: networkAcls(p.networkAcls),
    privateEndpointConnections: peConnections(p.privateEndpointConnections),
  });
}
