/**
 * Azure RBAC questions the rules ask: "does this principal hold one of these roles on this
 * resource?". An assignment counts at the resource itself or at any parent scope (resource group,
 * subscription, management group, tenant root). Role definitions are compared by GUID, so the
 * subscription-scoped and tenant-level forms of a role definition id are the same role.
 */
import { lowerToken, normalizeId } from './ids';
import type { Model } from './model';
import type { RoleAssignment } from './types';

/** Built-in role definition GUIDs the rules name. */
export const ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
} as const;

const MANAGEMENT_GROUP_SCOPE = /^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/;

/**
 * True when an assignment at `scope` applies to `resourceId`: the same id, or a parent on a path
 * boundary (`/subscriptions/s/resourcegroups/rg` covers `.../resourcegroups/rg/providers/...` but
 * not `.../resourcegroups/rg2/...`). The tenant root (`/`, normalized to the empty string) covers
 * everything. A management-group assignment covers the scanned resources: the collector lists
 * assignments per subscription, and Resource Manager returns a management group's assignments there
 * only when that group is an ancestor of the subscription.
 */
export function scopeCovers(scope: string, resourceId: string): boolean {
  const s = normalizeId(scope);
  const r = normalizeId(resourceId);
  if (s === '' || s === '/') return true;
  if (MANAGEMENT_GROUP_SCOPE.test(s)) return true;
  return r === s || r.startsWith(`${s}/`);
}

/** The principal's assignments of any of `roleGuids` that apply to `resourceId`. */
export function assignmentsGranting(model: Model, principalId: string, resourceId: string, roleGuids: readonly string[]): RoleAssignment[] {
  const wanted = new Set(roleGuids.map((g) => lowerToken(g)));
  return model.roleAssignmentsOf(principalId).filter((ra) => wanted.has(ra.roleDefinitionGuid) && scopeCovers(ra.scope, resourceId));
}
