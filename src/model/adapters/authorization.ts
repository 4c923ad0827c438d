/**
 * Microsoft.Authorization: role assignments, including those made at a management group or the
 * tenant root (their ids lie outside any subscription, and they still grant inside it).
 */
import type { ArmResource } from '../inventory';
import { normalizeId } from '../ids';
import type { RoleAssignment } from '../types';
import { obj, str } from './common';

const GUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

export function roleAssignment(r: ArmResource): RoleAssignment | undefined {
  const p = obj(r.properties);
  const principalId = str(p.principalId);
  const def = str(p.roleDefinitionId);
  const scope = str(p.scope);
  const m = def ? GUID.exec(def) : null;
  if (!principalId || !m || !scope) return undefined;
  return {
    id: normalizeId(r.id),
    scope: normalizeId(scope === '/' ? '/' : scope),
    principalId: principalId.toLowerCase(),
    roleDefinitionGuid: m[1].toLowerCase(),
  };
}
