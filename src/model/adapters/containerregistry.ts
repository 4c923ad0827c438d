/** Microsoft.ContainerRegistry: registries (`networkRuleSet` read as network ACLs without a bypass list). */
import type { ArmResource } from '../inventory';
import type { ContainerRegistry } from '../types';
import { networkAcls, obj, peConnections, str, tok, withNode } from './common';

export function containerRegistry(r: ArmResource): ContainerRegistry {
  const p = obj(r.properties);
  const rules = p.networkRuleSet;
  return withNode<ContainerRegistry>(r, {
    dependencyKind: 'containerRegistry',
    skuName: str(obj(r.sku).name),
    publicNetworkAccess: tok(p.publicNetworkAccess),
    networkAcls: rules && typeof rules === 'object' ? networkAcls({ ...obj(rules), bypass: undefined }) : undefined,
    networkRuleBypassOptions: tok(p.networkRuleBypassOptions),
    privateEndpointConnections: peConnections(p.privateEndpointConnections),
  });
}
