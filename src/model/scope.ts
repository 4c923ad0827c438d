/**
 * `--resource-group` and `--workspace` narrow which workspaces are audited; their network (VNets,
 * DNS zones, peerings) is still read subscription-wide, since it usually lives elsewhere. One
 * predicate for the live collectors and for snapshots, so both narrow alike.
 */
import type { ArmResource, Inventory } from './inventory';
import { nameOf, normalizeId, resourceGroupOf } from './ids';

export interface WorkspaceFilter {
  resourceGroup?: string;
  workspace?: string;
}

export const WORKSPACE_TYPE = 'microsoft.machinelearningservices/workspaces';

export function hasWorkspaceFilter(filter: WorkspaceFilter): boolean {
  return !!(filter.resourceGroup || filter.workspace);
}

/** Whether a workspace is one the filter selects (`workspace`: a name or an ARM id); names, ids and groups compare case-insensitively, as Azure does. */
export function workspaceInScope(ws: Pick<ArmResource, 'id' | 'name'>, filter: WorkspaceFilter): boolean {
  if (filter.resourceGroup && resourceGroupOf(ws.id) !== filter.resourceGroup.toLowerCase()) return false;
  if (filter.workspace) {
    // By name, or by ARM id (as `graph --workspace` has always taken it).
    const wanted = filter.workspace.startsWith('/')
      ? normalizeId(ws.id) === normalizeId(filter.workspace)
      : String(ws.name ?? nameOf(ws.id)).toLowerCase() === filter.workspace.toLowerCase();
    if (!wanted) return false;
  }
  return true;
}

export const isWorkspace = (r: ArmResource) => typeof r.type === 'string' && r.type.toLowerCase() === WORKSPACE_TYPE;

/**
 * A saved scan narrowed as a live scan with the same filter would have collected it: the
 * workspaces the filter leaves out go, with everything under them (computes, datastores,
 * endpoints), the gaps in reading them and the reads skipped under them; every other resource stays.
 */
export function narrowInventory(inventory: Inventory, filter: WorkspaceFilter): Inventory {
  if (!hasWorkspaceFilter(filter)) return inventory;
  const dropped = new Set(inventory.resources.filter((r) => isWorkspace(r) && !workspaceInScope(r, filter)).map((r) => normalizeId(r.id)));
  const under = (id: string) => {
    const ws = workspaceIdIn(normalizeId(id));
    return ws !== undefined && dropped.has(ws);
  };
  return {
    ...inventory,
    scope: {
      ...inventory.scope,
      ...(filter.resourceGroup ? { resourceGroup: filter.resourceGroup } : {}),
      ...(filter.workspace ? { workspace: filter.workspace } : {}),
    },
    resources: dropped.size ? inventory.resources.filter((r) => !under(r.id)) : inventory.resources,
    gaps: dropped.size ? inventory.gaps.filter((g) => !under(g.scope)) : inventory.gaps,
    // A read skipped under a workspace that is gone is no read the narrowed scan left out.
    ...(dropped.size && inventory.skipped ? { skipped: inventory.skipped.filter((s) => !under(s.scope)) } : {}),
  };
}

const WORKSPACE_SEGMENT = '/providers/microsoft.machinelearningservices/workspaces/';

/** The workspace a (normalized) id is, or lies under. */
function workspaceIdIn(id: string): string | undefined {
  const at = id.indexOf(WORKSPACE_SEGMENT);
  if (at < 0) return undefined;
  const end = id.indexOf('/', at + WORKSPACE_SEGMENT.length);
  return end < 0 ? id : id.slice(0, end);
}

/** How the filter reads on the command line, for messages: `--resource-group rg-ml --workspace ws1`. */
export function describeFilter(filter: WorkspaceFilter): string {
  return [filter.resourceGroup ? `--resource-group ${filter.resourceGroup}` : '', filter.workspace ? `--workspace ${filter.workspace}` : '']
    .filter(Boolean)
    .join(' ');
}
