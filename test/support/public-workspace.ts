/**
 * The seed's "no virtual network" row as a tenant: the workspace and its storage account, key
 * vault and registry all reached over public IPs, no private endpoints, a cluster with no subnet.
 */
import { TenantBuilder } from '../../src/fixtures/builder';
import { SUB } from './scenarios';

export interface PublicWorkspace {
  t: TenantBuilder;
  ws: string;
  storage: string;
  keyVault: string;
  registry: string;
  cluster: string;
}

export function publicWorkspace(opts: { publicNetworkAccess?: string | null; name?: string; t?: TenantBuilder } = {}): PublicWorkspace {
  const name = opts.name ?? 'ws-public';
  const t = opts.t ?? new TenantBuilder({ subscriptionId: SUB, resourceGroup: 'rg-public', location: 'westeurope' });
  const compact = name.replace(/[^a-z0-9]/g, '');
  const storage = t.storage(`st${compact}`, { publicNetworkAccess: 'Enabled' });
  const keyVault = t.keyVault(`kv-${name}`);
  const registry = t.registry(`acr${compact}`, { sku: 'Standard' });
  const ws = t.workspace(name, {
    storage,
    keyVault,
    registry,
    publicNetworkAccess: opts.publicNetworkAccess === undefined ? 'Enabled' : opts.publicNetworkAccess,
  });
  const cluster = t.compute(ws, 'cpu-cluster', { type: 'AmlCompute' });
  return { t, ws, storage, keyVault, registry, cluster };
}

/** The raw `properties` of a fixture resource, to break one thing at a time. */
export function props(t: TenantBuilder, id: string): any {
  const r = t.find(id);
  if (!r) throw new Error(`no fixture resource ${id}`);
  return r.properties;
}
