/**
 * Microsoft.MachineLearningServices: workspaces (hubs and projects too) and their children. Shapes
 * follow the published GET payloads (see test/fixtures/arm: nested `properties.properties` in
 * computes, outbound rules as a map inside the workspace but a list in `managedNetworks/default`).
 */
import type { ArmResource } from '../inventory';
import { lowerToken, nameOf, normalizeId } from '../ids';
import type {
  Compute,
  DataAsset,
  Datastore,
  LabelingJob,
  ManagedNetwork,
  ManagedOutboundRule,
  OnlineDeployment,
  OnlineEndpoint,
  Workspace,
  WorkspaceKind,
} from '../types';
import { bool, idOf, normalizeLocation, obj, peConnections, str, tok, withNode } from './common';

const WORKSPACE_KINDS: Record<string, WorkspaceKind> = { default: 'default', hub: 'hub', project: 'project', featurestore: 'featurestore' };

export function workspace(r: ArmResource): Workspace {
  const p = obj(r.properties);
  const identity = obj(r.identity);
  const uai = str(p.primaryUserAssignedIdentity);
  const kind = str(r.kind);
  const serverless = obj(p.serverlessComputeSettings);
  return withNode<Workspace>(r, {
    kind: tok(r.kind),
    workspaceKind: kind ? (WORKSPACE_KINDS[lowerToken(kind)] ?? 'other') : 'default',
    hubId: idOf(p.hubResourceId),
    networkFromHubId: undefined,
    publicNetworkAccess: tok(p.publicNetworkAccess),
    allowPublicAccessWhenBehindVnet: bool(p.allowPublicAccessWhenBehindVnet),
    privateEndpointConnections: peConnections(p.privateEndpointConnections),
    storageAccountId: idOf(p.storageAccount),
    keyVaultId: idOf(p.keyVault),
    containerRegistryId: idOf(p.containerRegistry),
    applicationInsightsId: idOf(p.applicationInsights),
    imageBuildCompute: str(p.imageBuildCompute),
    principalId: str(identity.principalId),
    primaryUserAssignedIdentity: uai ? normalizeId(uai) : undefined,
    primaryUserAssignedPrincipalId: uai ? userAssignedPrincipal(identity.userAssignedIdentities, uai) : undefined,
    managedNetwork: managedNetworkSettings(p.managedNetwork),
    serverlessComputeSubnetId: idOf(serverless.serverlessComputeCustomSubnet),
    serverlessComputeNoPublicIp: bool(serverless.serverlessComputeNoPublicIP),
    computes: [],
    datastores: [],
    onlineEndpoints: [],
    labelingJobs: [],
    labelingJobsUnavailable: false,
  });
}

/** `identity.userAssignedIdentities` is keyed by the identity's id, in whatever casing ARM chose. */
function userAssignedPrincipal(map: unknown, id: string): string | undefined {
  const want = normalizeId(id);
  for (const [key, v] of Object.entries(obj(map))) if (normalizeId(key) === want) return str(obj(v).principalId)?.toLowerCase();
  return undefined;
}

function outboundRules(rulesRaw: unknown): ManagedOutboundRule[] {
  const entries: [string, unknown][] = Array.isArray(rulesRaw)
    ? rulesRaw.map((x, i) => [str(obj(x).name) ?? String(i), obj(x).properties ?? x])
    : Object.entries(obj(rulesRaw));
  return entries.map(([name, v]) => {
    const o = obj(v);
    const dest = o.destination;
    return {
      name,
      type: tok(o.type),
      category: tok(o.category),
      status: tok(o.status),
      errorInformation: str(o.errorInformation),
      destination:
        typeof dest === 'string'
          ? dest
          : dest && typeof dest === 'object'
            ? {
                serviceResourceId: str(obj(dest).serviceResourceId) ? normalizeId(obj(dest).serviceResourceId) : undefined,
                subresourceTarget: str(obj(dest).subresourceTarget),
                sparkEnabled: bool(obj(dest).sparkEnabled),
              }
            : undefined,
    };
  });
}

/** A workspace's `properties.managedNetwork`, or the `managedNetworks/default` child's `properties`. */
export function managedNetworkSettings(v: unknown): ManagedNetwork | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const mn = obj(v);
  const kind = lowerToken(str(mn.managedNetworkKind) ?? 'v1') === 'v2' ? 'v2' : 'v1';
  const rulesRaw = mn.outboundRules;
  const known = rulesRaw !== null && typeof rulesRaw === 'object';
  return {
    isolationMode: tok(mn.isolationMode),
    kind,
    outboundRules: outboundRules(rulesRaw),
    // V2 keeps its rules in the child resource: the workspace's copy is not the authority.
    ...(known && kind === 'v1' ? {} : { outboundRulesUnknown: true }),
  };
}

/** `workspaces/{ws}/managedNetworks/default` (V2): the workspace's managed network with its outbound rules. */
export interface ManagedNetworkChild {
  workspaceId: string;
  settings: ManagedNetwork;
}

export function managedNetwork(r: ArmResource, workspaceId: string): ManagedNetworkChild | undefined {
  // 2025-04-01 puts the settings in `properties`; later versions nest them in `properties.managedNetwork`.
  const p = obj(r.properties);
  const body = p.managedNetwork !== null && typeof p.managedNetwork === 'object' ? obj(p.managedNetwork) : p;
  const settings = managedNetworkSettings(body);
  if (!settings) return undefined;
  const rulesRaw = body.outboundRules;
  const known = rulesRaw !== null && typeof rulesRaw === 'object';
  return { workspaceId, settings: { ...settings, kind: 'v2', outboundRulesUnknown: known ? undefined : true } };
}

const COMPUTES_WITH_NODE_PUBLIC_IP = new Set(['amlcompute', 'computeinstance']);

function publicIpOf(computeType: string, inner: Record<string, any>): Compute['publicIp'] {
  const type = lowerToken(computeType);
  if (!COMPUTES_WITH_NODE_PUBLIC_IP.has(type)) return 'none';
  // Templates and older payloads say it; where they do, it decides.
  const flag = bool(inner.enableNodePublicIp);
  if (flag !== undefined) return flag ? 'public' : 'none';
  // A cluster's default is a public IP; an instance's GET shows it only in its connectivity endpoints.
  if (type === 'amlcompute') return 'public';
  const endpoints = inner.connectivityEndpoints;
  if (endpoints === null || typeof endpoints !== 'object') return 'unknown';
  return str(obj(endpoints).publicIpAddress) ? 'public' : 'none';
}

export function compute(r: ArmResource, workspaceId: string): Compute {
  const outer = obj(r.properties);
  const computeType = tok(outer.computeType) ?? 'Unknown';
  const inner = obj(outer.properties);
  return withNode<Compute>(r, {
    location: normalizeLocation(outer.computeLocation) ?? normalizeLocation(r.location),
    workspaceId,
    computeType,
    subnetId: idOf(inner.subnet),
    publicIp: publicIpOf(computeType, inner),
    clusterResourceId: str(outer.resourceId) ? normalizeId(outer.resourceId) : undefined,
    isAttachedCompute: bool(outer.isAttachedCompute),
  });
}

export function datastore(r: ArmResource, workspaceId: string): Datastore {
  const p = obj(r.properties);
  return withNode<Datastore>(r, {
    workspaceId,
    datastoreType: tok(p.datastoreType),
    accountName: str(p.accountName),
    endpoint: str(p.endpoint),
    isDefault: bool(p.isDefault) ?? false,
    serviceDataAccessAuthIdentity: tok(p.serviceDataAccessAuthIdentity),
  });
}

export function onlineEndpoint(r: ArmResource, workspaceId: string): OnlineEndpoint {
  return withNode<OnlineEndpoint>(r, { workspaceId, publicNetworkAccess: tok(obj(r.properties).publicNetworkAccess), deployments: [] });
}

export function onlineDeployment(r: ArmResource, endpointId: string): OnlineDeployment {
  return withNode<OnlineDeployment>(r, { endpointId, egressPublicNetworkAccess: tok(obj(r.properties).egressPublicNetworkAccess) });
}

export function labelingJob(r: ArmResource, workspaceId: string): LabelingJob {
  const p = obj(r.properties);
  return withNode<LabelingJob>(r, {
    workspaceId,
    mlAssistEnabled: lowerToken(str(obj(p.mlAssistConfiguration).mlAssist) ?? '') === 'enabled',
    dataId: str(obj(p.dataConfiguration).dataId),
  });
}

/** The data asset a labeling job's `dataId` names (`azureml:` prefix allowed), when it is an ARM id. */
export function labelingJobDataAssetId(job: LabelingJob): string | undefined {
  if (!job.mlAssistEnabled || !job.dataId) return undefined;
  const id = job.dataId.replace(/^azureml:/i, '');
  return /^\/subscriptions\//i.test(id) ? id : undefined;
}

export function dataAsset(r: ArmResource, parentId: string): DataAsset {
  // A version's own name is its version number; readers know it as <asset>:<version>.
  return withNode<DataAsset>(r, { name: `${nameOf(parentId)}:${nameOf(r.id)}`, dataUri: str(obj(r.properties).dataUri) });
}
