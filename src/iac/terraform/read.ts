/**
 * `--terraform-plan plan.json`: the output of `terraform show -json <planfile>` turned into a Plan
 * (src/iac/plan.ts): each azurerm/azapi resource the rules need becomes the record a GET will
 * return after apply, split resources folded into their parents (from the plan, or copied from the
 * base), deletes listed, and what the plan cannot know recorded as UnknownValue or MissingReference.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors';
import type { ArmResource, Inventory } from '../../model/inventory';
import { isArmId, normalizeId, vnetOfSubnet } from '../../model/ids';
import type { MissingReference, Plan, SourceRef, UnknownValue } from '../plan';
import { AZAPI, foldArmChild } from './azapi';
import { Ctx, Env, Working } from './context';
import { PLACEHOLDER_SUBSCRIPTION } from './defaults';
import { planLines, TfSources } from './lines';
import { AZURERM, ID_ONLY, Mapping, NOT_READ_BY_ANY_RULE } from './mapping';
import type { Instance, Json, TerraformPlanJson } from './plan-json';
import { indexInstances, parsePlanText } from './plan-json';
import { Resolver } from './references';

export interface TerraformPlanOptions {
  /** The network that exists (a live scan or snapshot): data sources are looked up in it, split resources fold into it. */
  base?: Inventory;
  /** `--terraform-root DIR`: source lines point at the `.tf` files instead of the plan JSON. */
  root?: string;
}

const MAPPINGS: Record<string, Mapping> = { ...AZURERM, ...AZAPI };

/** Data source types whose `id` names a resource the base must hold. */
const DATA_LOOKED_UP_IN_BASE = new Set([
  'azurerm_subnet', 'azurerm_virtual_network', 'azurerm_private_dns_zone', 'azurerm_storage_account', 'azurerm_key_vault',
  'azurerm_container_registry', 'azurerm_application_insights', 'azurerm_machine_learning_workspace', 'azurerm_network_security_group',
  'azurerm_route_table', 'azurerm_kubernetes_cluster', 'azurerm_firewall', 'azurerm_firewall_policy', 'azurerm_nat_gateway', 'azurerm_private_endpoint',
]);

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

export function readTerraformPlan(file: string, options: TerraformPlanOptions = {}): Plan {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) {
    throw new UsageError(`${file}: cannot read the Terraform plan (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give --terraform-plan the output of \`terraform show -json <planfile>\``);
  }
  return terraformPlanFromText(file, text, options);
}

export function terraformPlanFromText(file: string, text: string, options: TerraformPlanOptions = {}): Plan {
  const plan = parsePlanText(file, text);
  const instances = indexInstances(plan);
  const out: Plan = { kind: 'terraform-plan', file, upserts: [], deletes: [], unknowns: [], missing: [], notes: [] };
  const notes = new Set<string>();
  const unknownKeys = new Set<string>();
  const missingIds = new Set<string>();

  const lines = planLines(text);
  const tf = options.root ? new TfSources(options.root, plan) : undefined;
  const sourceOf = (inst: Instance): SourceRef => {
    const at = tf?.find(inst.module, inst.mode, inst.type, inst.name);
    if (at) return { kind: 'terraform-plan', file: at.file, name: inst.address, line: at.line };
    const line = lines.get(inst.address);
    return { kind: 'terraform-plan', file, name: inst.address, ...(line ? { line } : {}) };
  };

  const subscriptions = subscriptionsOf(plan, instances, options.base);
  if (subscriptions.placeholder) notes.add(`No subscription in the plan (data.azurerm_client_config, provider subscription_id) or a base with one subscription: ids use ${PLACEHOLDER_SUBSCRIPTION}`);

  // Ids are built on demand (a reference to a resource needs its id before that resource is mapped), once each.
  const ids = new Map<Instance, string | undefined>();
  const building = new Set<Instance>();
  const armIdOf = (inst: Instance): string | undefined => {
    if (ids.has(inst)) return ids.get(inst);
    if (building.has(inst)) return undefined;
    building.add(inst);
    let id: string | undefined;
    const known = inst.after.id;
    const unknownId = obj(inst.afterUnknown).id === true;
    if (typeof known === 'string' && isArmId(known) && !unknownId) id = known;
    else if (inst.actions.length === 1 && inst.actions[0] === 'delete' && typeof inst.before.id === 'string' && isArmId(inst.before.id)) id = inst.before.id;
    else if (inst.type === 'azurerm_resource_group') {
      const c = new Ctx(inst, env);
      id = `/subscriptions/${c.subscription}/resourceGroups/${c.name()}`;
    } else if (ID_ONLY[inst.type]) {
      id = new Ctx(inst, env).groupId(ID_ONLY[inst.type]);
    } else {
      const m = MAPPINGS[inst.type];
      id = m ? m.id(new Ctx(inst, env)) : undefined;
    }
    building.delete(inst);
    ids.set(inst, id);
    return id;
  };
  const resolver = new Resolver(plan, instances, {
    armIdOf,
    outputEntry: tf ? (module, output, key) => tf.outputEntry(module, output, key) : undefined,
    // A managed identity's principal is created at apply; the same reference names the same principal,
    // so a role assignment to `azurerm_machine_learning_workspace.ws.identity[0].principal_id` still meets its workspace.
    computedValue: (inst, path) => (/^identity\.\d+\.principal_id$|^kubelet_identity\.\d+\.object_id$/.test(path.join('.')) ? `(after apply) ${inst.address}.${path.join('.')}` : undefined),
  });
  const working = new Working(options.base?.resources ?? [], () => env);
  const env: Env = {
    resolver,
    subscriptionOf: (inst) => subscriptions.of(inst),
    working,
    unknown: (u: UnknownValue) => {
      // Unknown before there is a resource to hold it (the id of what an association changes): said as a note.
      if (!isArmId(u.resourceId)) { notes.add(u.reason); return; }
      const k = `${normalizeId(u.resourceId)}|${u.property}`;
      if (!unknownKeys.has(k)) { unknownKeys.add(k); out.unknowns.push(u); }
    },
    missing: (m: MissingReference) => {
      const k = normalizeId(m.id);
      if (!missingIds.has(k)) { missingIds.add(k); out.missing.push(m); }
    },
    note: (t: string) => { notes.add(t); },
    sourceOf,
  };

  const unmapped = new Map<string, number>();
  const ignored = new Map<string, number>();
  const folds: { inst: Instance; m: Mapping; remove: boolean }[] = [];

  // Data sources: what they read must be in the base (or planned).
  const dataIds: { inst: Instance; id: string }[] = [];
  for (const inst of instances) {
    if (inst.mode !== 'data' || !DATA_LOOKED_UP_IN_BASE.has(inst.type)) continue;
    const id = armIdOf(inst);
    if (id) dataIds.push({ inst, id });
    else env.missing({ id: inst.address, from: sourceOf(inst), reason: `${inst.address} reads a resource whose id the plan does not know` });
  }

  for (const inst of instances) {
    if (inst.mode !== 'managed') continue;
    const m = MAPPINGS[inst.type];
    if (!m) {
      if (!/^(azurerm|azapi)_/.test(inst.type) || NOT_READ_BY_ANY_RULE.test(inst.type)) ignored.set(inst.type, (ignored.get(inst.type) ?? 0) + 1);
      else unmapped.set(inst.type, (unmapped.get(inst.type) ?? 0) + 1);
      continue;
    }
    const acts = inst.actions;
    const isDelete = acts.length === 1 && acts[0] === 'delete';
    const isUpsert = acts.some((a) => a === 'create' || a === 'update' || a === 'no-op');
    if (!isDelete && !isUpsert) continue;
    if (m.fold) { folds.push({ inst, m, remove: isDelete }); continue; }
    const view = isDelete ? { ...inst, after: inst.before, afterUnknown: {} } : inst;
    const c = new Ctx(view, env);
    const id = armIdOf(inst);
    if (!id) { env.note(`${inst.address}: its ARM id cannot be built from the plan (see the unknown values); it is left out`); continue; }
    if (isDelete) { out.deletes.push({ id, source: sourceOf(inst) }); continue; }
    const record = m.build!(c, id);
    if (foldArmChild(working, record, c.source)) continue;
    working.add(record, c.source);
    if (inst.type === 'azurerm_private_endpoint') {
      const group = dnsZoneGroup(c, id);
      if (group) working.add(group, c.source);
    }
  }

  folds.sort((a, b) => a.m.fold!.stage - b.m.fold!.stage);
  for (const { inst, m, remove } of folds) {
    const view = remove ? { ...inst, after: inst.before, afterUnknown: {} } : inst;
    const c = new Ctx(view, env);
    const id = armIdOf(inst);
    if (!id) { env.note(`${inst.address}: which resource it changes cannot be known from the plan (see the unknown values); it is left out`); continue; }
    if (remove) { if (m.fold!.remove) m.fold!.remove(c, id); else env.note(`${inst.address}: deleting it is not applied`); }
    else m.fold!.apply(c, id);
  }

  connectPeerings(working);

  // Data sources the base does not hold (the overlay checks every other id a planned resource points at).
  const exists = (id: string): boolean => {
    if (working.has(id)) return true;
    const vnet = vnetOfSubnet(normalizeId(id));
    if (!vnet || normalizeId(id) === vnet) return false;
    const parent = working.get(vnet) ?? working.inBase(vnet);
    return (Array.isArray(parent?.properties?.subnets) ? parent!.properties!.subnets : []).some((s: Json) => normalizeId(String(s?.id ?? '')) === normalizeId(id));
  };
  for (const { inst, id } of dataIds) {
    if (!exists(id)) env.missing({ id, from: sourceOf(inst), reason: `${inst.address} reads ${id}, which is not in the base (scan or snapshot)${options.base ? '' : ': no base was given (--subscription or --snapshot)'}` });
  }
  out.upserts = working.entries().map(({ resource, source }) => ({ resource, source }));
  for (const [type, n] of [...unmapped].sort()) notes.add(`${type} (${n}): amlnet does not map this type yet; a rule that would read it does not see ${n === 1 ? 'it' : 'them'}`);
  if (ignored.size > 0) notes.add(`Not read by any rule, left out: ${[...ignored].sort().map(([t, n]) => `${t} (${n})`).join(', ')}`);
  out.notes = [...notes];
  return out;
}

function dnsZoneGroup(c: Ctx, peId: string): ArmResource | undefined {
  if (c.blocks('private_dns_zone_group').length === 0) return undefined;
  const name = c.str('private_dns_zone_group.0.name') ?? 'default';
  const id = `${peId}/privateDnsZoneGroups/${name}`;
  const zones = c.refs('private_dns_zone_group.0.private_dns_zone_ids', id, 'properties.privateDnsZoneConfigs');
  return {
    id, name, type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    properties: { privateDnsZoneConfigs: (zones ?? []).map((z) => ({ name: z.split('/').pop(), properties: { privateDnsZoneId: z } })) },
  };
}

/**
 * A peering is Connected once the remote VNet peers back (Resource Manager's peeringState): a plan
 * that writes both sides, or one side towards a VNet whose peering back is in the base.
 */
function connectPeerings(working: Working): void {
  const peeringsOf = (vnet: ArmResource | undefined): Json[] => (Array.isArray(vnet?.properties?.virtualNetworkPeerings) ? vnet!.properties!.virtualNetworkPeerings : []);
  for (const { resource } of working.entries()) {
    if (String(resource.type ?? '').toLowerCase() !== 'microsoft.network/virtualnetworks') continue;
    for (const peering of peeringsOf(resource)) {
      const p = obj(peering.properties);
      const remoteId = obj(p.remoteVirtualNetwork).id;
      if (p.peeringState !== 'Initiated' || typeof remoteId !== 'string') continue;
      const remote = working.get(remoteId) ?? working.inBase(remoteId);
      const back = peeringsOf(remote).find((x) => normalizeId(String(obj(obj(x.properties).remoteVirtualNetwork).id ?? '')) === normalizeId(resource.id));
      if (!back) continue;
      p.peeringState = 'Connected';
      const bp = obj(back.properties);
      if (bp.peeringState === 'Initiated' && working.get(remoteId)) bp.peeringState = 'Connected';
    }
  }
}

/**
 * The subscription of each resource: its provider's `subscription_id` (aliases too), else what
 * `data.azurerm_client_config` read, else the one subscription the data sources read from, else the
 * base's only subscription, else a placeholder.
 */
function subscriptionsOf(plan: TerraformPlanJson, instances: readonly Instance[], base: Inventory | undefined): { of(inst: Instance): string; placeholder: boolean } {
  const byProvider = new Map<string, string>();
  for (const [key, cfg] of Object.entries(plan.configuration?.provider_config ?? {})) {
    const s = obj(obj(cfg?.expressions).subscription_id).constant_value;
    if (typeof s === 'string' && s) byProvider.set(key, s);
  }
  const client = instances.find((i) => i.mode === 'data' && i.type === 'azurerm_client_config' && typeof i.after.subscription_id === 'string');
  const baseOnly = base && base.scope.subscriptions.length === 1 ? base.scope.subscriptions[0] : undefined;
  // Data sources read during planning read from the provider's subscription: when they all name one, that is it.
  const read = new Set(instances.filter((i) => i.mode === 'data' && typeof i.after.id === 'string' && isArmId(i.after.id)).map((i) => (i.after.id as string).split('/')[2].toLowerCase()));
  const fromData = read.size === 1 ? [...read][0] : undefined;
  const fallback = byProvider.get('azurerm') ?? (client?.after.subscription_id as string | undefined) ?? fromData ?? baseOnly;
  return {
    of: (inst) => byProvider.get(inst.config?.provider_config_key ?? '') ?? fallback ?? PLACEHOLDER_SUBSCRIPTION,
    placeholder: fallback === undefined,
  };
}
