/**
 * How rules word a dependency's network access: the two settings that decide "restricted"
 * (rules.md) with the property paths Resource Manager uses for each resource type.
 */
import type { Dependency } from '../model/types';

/** The ARM property path of a dependency's firewall default action. */
export function defaultActionPath(dep: Dependency): string {
  return dep.dependencyKind === 'containerRegistry' ? 'properties.networkRuleSet.defaultAction' : 'properties.networkAcls.defaultAction';
}

/** `publicNetworkAccess Enabled, networkAcls.defaultAction Allow`, with `absent` for what the payload does not say. */
export function describeAccess(dep: Dependency): string {
  const path = defaultActionPath(dep).replace(/^properties\./, '');
  return `publicNetworkAccess ${dep.publicNetworkAccess ?? 'absent'}, ${path} ${dep.networkAcls?.defaultAction ?? 'absent'}`;
}

/** True when the payload says anything about the dependency's network access (both settings absent: unknown). */
export function accessIsKnown(dep: Dependency): boolean {
  return dep.publicNetworkAccess !== undefined || dep.networkAcls?.defaultAction !== undefined;
}
