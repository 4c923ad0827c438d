/**
 * AKS clusters attached to a workspace: the AKS (v1) and Kubernetes (v2) computes whose
 * `resourceId` names a Microsoft.ContainerService managed cluster the scan could read. A
 * Kubernetes compute on an Arc-enabled cluster, or a cluster in a subscription outside the scan,
 * is not in the model and is left out (unknown, not bad).
 */
import { lowerToken } from './ids';
import type { Model } from './model';
import type { Compute, ManagedCluster, Workspace } from './types';

const ATTACHED_CLUSTER_COMPUTE_TYPES = new Set(['aks', 'kubernetes']);

export interface AttachedCluster {
  cluster: ManagedCluster;
  /** The workspace's computes that attach this cluster (usually one). */
  computes: Compute[];
}

export function isClusterCompute(c: Compute): boolean {
  return ATTACHED_CLUSTER_COMPUTE_TYPES.has(lowerToken(c.computeType));
}

const attachedCache = new WeakMap<Model, Map<Workspace, readonly AttachedCluster[]>>();

/** The managed clusters a workspace attaches, one entry per cluster (computed once per model and workspace: several rules ask). */
export function attachedClusters(model: Model, ws: Workspace): readonly AttachedCluster[] {
  let byWorkspace = attachedCache.get(model);
  if (!byWorkspace) {
    byWorkspace = new Map();
    attachedCache.set(model, byWorkspace);
  }
  let list = byWorkspace.get(ws);
  if (!list) {
    list = computeAttachedClusters(model, ws);
    byWorkspace.set(ws, list);
  }
  return list;
}

function computeAttachedClusters(model: Model, ws: Workspace): AttachedCluster[] {
  const byCluster = new Map<string, AttachedCluster>();
  for (const c of ws.computes) {
    if (!isClusterCompute(c) || !c.clusterResourceId) continue;
    const cluster = model.managedCluster(c.clusterResourceId);
    if (!cluster) continue;
    const entry = byCluster.get(cluster.id);
    if (entry) entry.computes.push(c);
    else byCluster.set(cluster.id, { cluster, computes: [c] });
  }
  return [...byCluster.values()];
}
