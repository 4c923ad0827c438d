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
  'azurerm_subnet',
  'azurerm_virtual_network',
  'azurerm_private_dns_zone',
  'azurerm_storage_account',
  'azurerm_key_vault',
  'azurerm_container_registry',
  'azurerm_application_insights',
  'azurerm_machine_learning_workspace',
  'azurerm_network_security_group',
  'azurerm_route_table',
  'azurerm_kubernetes_cluster',
  'azurerm_firewall',
  'azurerm_firewall_policy',
  'azurerm_nat_gateway',
  'azurerm_private_endpoint',
]);

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

export function readTerraformPlan(file: string, options: TerraformPlanOptions = {}): Plan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(
      `${file}: cannot read the Terraform plan (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give --terraform-plan the output of \`terraform show -json <planfile>\``,
    );
  }
  return terraformPlanFromText(file, text, options);
}

export function terraformPlanFromText(file: string, text: string, options: TerraformPlanOptions = {}): Plan {
  return new PlanReader(file, text, options).read();
}

const isDeleteOnly = (inst: Instance): boolean => inst.actions.length === 1 && inst.actions[0] === 'delete';

/** A deleted instance is mapped from what it was (`before`), so its id and the resource it changes are those of the existing one. */
const asBefore = (inst: Instance): Instance => ({ ...inst, after: inst.before, afterUnknown: {} });

/** One read of one plan: the state shared by the passes of `read()` (data sources, resources, folds, checks against the base). */
class PlanReader {
  private readonly plan: TerraformPlanJson;
  private readonly instances: Instance[];
  private readonly out: Plan;
  private readonly notes = new Set<string>();
  private readonly unknownKeys = new Set<string>();
  private readonly missingIds = new Set<string>();
  private readonly lines: Map<string, number>;
  private readonly tf: TfSources | undefined;
  private readonly subscriptions: ReturnType<typeof subscriptionsOf>;
  // Ids are built on demand (a reference to a resource needs its id before that resource is mapped), once each.
  private readonly ids = new Map<Instance, string | undefined>();
  private readonly building = new Set<Instance>();
  private readonly working: Working;
  private readonly env: Env;
  /** Resource types in the plan that amlnet does not map (a rule could need them), and those no rule reads: counted for the notes. */
  private readonly unmapped = new Map<string, number>();
  private readonly ignored = new Map<string, number>();

  constructor(
    private readonly file: string,
    text: string,
    private readonly options: TerraformPlanOptions,
  ) {
    this.plan = parsePlanText(file, text);
    this.instances = indexInstances(this.plan);
    this.out = { kind: 'terraform-plan', file, upserts: [], deletes: [], unknowns: [], missing: [], notes: [] };
    this.lines = planLines(text);
    this.tf = options.root ? new TfSources(options.root, this.plan) : undefined;
    this.subscriptions = subscriptionsOf(this.plan, this.instances, options.base);
    const tf = this.tf;
    const resolver = new Resolver(this.plan, this.instances, {
      armIdOf: (inst) => this.armIdOf(inst),
      outputEntry: tf ? (module, output, key) => tf.outputEntry(module, output, key) : undefined,
      // A managed identity's principal is created at apply; the same reference names the same principal,
      // so a role assignment to `azurerm_machine_learning_workspace.ws.identity[0].principal_id` still meets its workspace.
      computedValue: (inst, path) =>
        /^identity\.\d+\.principal_id$|^kubelet_identity\.\d+\.object_id$/.test(path.join('.'))
          ? `(after apply) ${inst.address}.${path.join('.')}`
          : undefined,
    });
    this.working = new Working(options.base?.resources ?? [], () => this.env);
    this.env = {
      resolver,
      subscriptionOf: (inst) => this.subscriptions.of(inst),
      working: this.working,
      unknown: (u) => this.unknown(u),
      missing: (m) => this.missing(m),
      note: (t) => {
        this.notes.add(t);
      },
      sourceOf: (inst) => this.sourceOf(inst),
    };
  }

  read(): Plan {
    if (this.subscriptions.placeholder)
      this.notes.add(
        `No subscription in the plan (data.azurerm_client_config, provider subscription_id) or a base with one subscription: ids use ${PLACEHOLDER_SUBSCRIPTION}`,
      );
    const dataIds = this.dataSources();
    const folds = this.managedResources();
    this.applyFolds(folds);
    connectPeerings(this.working);
    this.checkDataInBase(dataIds);
    this.out.upserts = this.working.entries().map(({ resource, source }) => ({ resource, source }));
    for (const [type, n] of [...this.unmapped].sort())
      this.notes.add(`${type} (${n}): amlnet does not map this type yet; a rule that would read it does not see ${n === 1 ? 'it' : 'them'}`);
    if (this.ignored.size > 0)
      this.notes.add(
        `Not read by any rule, left out: ${[...this.ignored]
          .sort()
          .map(([t, n]) => `${t} (${n})`)
          .join(', ')}`,
      );
    this.out.notes = [...this.notes];
    return this.out;
  }

  private sourceOf(inst: Instance): SourceRef {
    const at = this.tf?.find(inst.module, inst.mode, inst.type, inst.name);
    if (at) return { kind: 'terraform-plan', file: at.file, name: inst.address, line: at.line };
    const line = this.lines.get(inst.address);
    return { kind: 'terraform-plan', file: this.file, name: inst.address, ...(line ? { line } : {}) };
  }

  private unknown(u: UnknownValue): void {
    // Unknown before there is a resource to hold it (the id of what an association changes): said as a note.
    if (!isArmId(u.resourceId)) {
      this.notes.add(u.reason);
      return;
    }
    const k = `${normalizeId(u.resourceId)}|${u.property}`;
    if (!this.unknownKeys.has(k)) {
      this.unknownKeys.add(k);
      this.out.unknowns.push(u);
    }
  }

  private missing(m: MissingReference): void {
    const k = normalizeId(m.id);
    if (!this.missingIds.has(k)) {
      this.missingIds.add(k);
      this.out.missing.push(m);
    }
  }

  private armIdOf(inst: Instance): string | undefined {
    if (this.ids.has(inst)) return this.ids.get(inst);
    if (this.building.has(inst)) return undefined; // a reference cycle: the id stays unknown
    this.building.add(inst);
    const id = this.buildId(inst);
    this.building.delete(inst);
    this.ids.set(inst, id);
    return id;
  }

  private buildId(inst: Instance): string | undefined {
    const known = inst.after.id;
    const unknownId = obj(inst.afterUnknown).id === true;
    if (typeof known === 'string' && isArmId(known) && !unknownId) return known;
    if (isDeleteOnly(inst) && typeof inst.before.id === 'string' && isArmId(inst.before.id)) return inst.before.id;
    const c = new Ctx(inst, this.env);
    if (inst.type === 'azurerm_resource_group') return `/subscriptions/${c.subscription}/resourceGroups/${c.name()}`;
    if (ID_ONLY[inst.type]) return c.groupId(ID_ONLY[inst.type]);
    return MAPPINGS[inst.type]?.id(c);
  }

  /** Data sources: what they read must be in the base (or planned); checked once the plan is mapped. */
  private dataSources(): { inst: Instance; id: string }[] {
    const dataIds: { inst: Instance; id: string }[] = [];
    for (const inst of this.instances) {
      if (inst.mode !== 'data' || !DATA_LOOKED_UP_IN_BASE.has(inst.type)) continue;
      const id = this.armIdOf(inst);
      if (id) dataIds.push({ inst, id });
      else this.missing({ id: inst.address, from: this.sourceOf(inst), reason: `${inst.address} reads a resource whose id the plan does not know` });
    }
    return dataIds;
  }

  /** Managed resources become records; split resources (folds) are returned to apply once their parents exist. */
  private managedResources(): Fold[] {
    const { unmapped, ignored } = this;
    const count = (m: Map<string, number>, type: string) => m.set(type, (m.get(type) ?? 0) + 1);
    const folds: Fold[] = [];
    for (const inst of this.instances) {
      if (inst.mode !== 'managed') continue;
      const m = MAPPINGS[inst.type];
      if (!m) {
        count(!/^(azurerm|azapi)_/.test(inst.type) || NOT_READ_BY_ANY_RULE.test(inst.type) ? ignored : unmapped, inst.type);
        continue;
      }
      const isDelete = isDeleteOnly(inst);
      const isUpsert = inst.actions.some((a) => a === 'create' || a === 'update' || a === 'no-op');
      if (!isDelete && !isUpsert) continue;
      if (m.fold) folds.push({ inst, m, remove: isDelete });
      else this.mapResource(inst, m, isDelete);
    }
    return folds;
  }

  private mapResource(inst: Instance, m: Mapping, isDelete: boolean): void {
    const c = new Ctx(isDelete ? asBefore(inst) : inst, this.env);
    const id = this.armIdOf(inst);
    if (!id) {
      this.env.note(`${inst.address}: its ARM id cannot be built from the plan (see the unknown values); it is left out`);
      return;
    }
    if (isDelete) {
      this.out.deletes.push({ id, source: this.sourceOf(inst) });
      return;
    }
    const record = m.build!(c, id);
    if (foldArmChild(this.working, record, c.source)) return;
    this.working.add(record, c.source);
    if (inst.type === 'azurerm_private_endpoint') {
      const group = dnsZoneGroup(c, id);
      if (group) this.working.add(group, c.source);
    }
  }

  private applyFolds(folds: Fold[]): void {
    folds.sort((a, b) => a.m.fold!.stage - b.m.fold!.stage);
    for (const { inst, m, remove } of folds) {
      const c = new Ctx(remove ? asBefore(inst) : inst, this.env);
      const id = this.armIdOf(inst);
      if (!id) {
        this.env.note(`${inst.address}: which resource it changes cannot be known from the plan (see the unknown values); it is left out`);
        continue;
      }
      if (!remove) m.fold!.apply(c, id);
      else if (m.fold!.remove) m.fold!.remove(c, id);
      else this.env.note(`${inst.address}: deleting it is not applied`);
    }
  }

  /** Data sources the base does not hold (the overlay checks every other id a planned resource points at). */
  private checkDataInBase(dataIds: { inst: Instance; id: string }[]): void {
    const working = this.working;
    const exists = (id: string): boolean => {
      if (working.has(id)) return true;
      const vnet = vnetOfSubnet(normalizeId(id));
      if (!vnet || normalizeId(id) === vnet) return false;
      const parent = working.get(vnet) ?? working.inBase(vnet);
      return (Array.isArray(parent?.properties?.subnets) ? parent!.properties!.subnets : []).some(
        (s: Json) => normalizeId(String(s?.id ?? '')) === normalizeId(id),
      );
    };
    for (const { inst, id } of dataIds) {
      if (!exists(id))
        this.missing({
          id,
          from: this.sourceOf(inst),
          reason: `${inst.address} reads ${id}, which is not in the base (scan or snapshot)${this.options.base ? '' : ': no base was given (--subscription or --snapshot)'}`,
        });
    }
  }
}

interface Fold {
  inst: Instance;
  m: Mapping;
  remove: boolean;
}

function dnsZoneGroup(c: Ctx, peId: string): ArmResource | undefined {
  if (c.blocks('private_dns_zone_group').length === 0) return undefined;
  const name = c.str('private_dns_zone_group.0.name') ?? 'default';
  const id = `${peId}/privateDnsZoneGroups/${name}`;
  const zones = c.refs('private_dns_zone_group.0.private_dns_zone_ids', id, 'properties.privateDnsZoneConfigs');
  return {
    id,
    name,
    type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    properties: { privateDnsZoneConfigs: (zones ?? []).map((z) => ({ name: z.split('/').pop(), properties: { privateDnsZoneId: z } })) },
  };
}

/**
 * A peering is Connected once the remote VNet peers back (Resource Manager's peeringState): a plan
 * that writes both sides, or one side towards a VNet whose peering back is in the base.
 */
function connectPeerings(working: Working): void {
  const peeringsOf = (vnet: ArmResource | undefined): Json[] =>
    Array.isArray(vnet?.properties?.virtualNetworkPeerings) ? vnet!.properties!.virtualNetworkPeerings : [];
  for (const { resource } of working.entries()) {
    if (String(resource.type ?? '').toLowerCase() !== 'microsoft.network/virtualnetworks') continue;
    for (const peering of peeringsOf(resource)) {
      const p = obj(peering.properties);
      const remoteId = obj(p.remoteVirtualNetwork).id;
      if (p.peeringState !== 'Initiated' || typeof remoteId !== 'string') continue;
      const remote = working.get(remoteId) ?? working.inBase(remoteId);
      const back = peeringsOf(remote).find(
        (x) => normalizeId(String(obj(obj(x.properties).remoteVirtualNetwork).id ?? '')) === normalizeId(resource.id),
      );
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
function subscriptionsOf(
  plan: TerraformPlanJson,
  instances: readonly Instance[],
  base: Inventory | undefined,
): { of(inst: Instance): string; placeholder: boolean } {
  const byProvider = new Map<string, string>();
  for (const [key, cfg] of Object.entries(plan.configuration?.provider_config ?? {})) {
    const s = obj(obj(cfg?.expressions).subscription_id).constant_value;
    if (typeof s === 'string' && s) byProvider.set(key, s);
  }
  const client = instances.find((i) => i.mode === 'data' && i.type === 'azurerm_client_config' && typeof i.after.subscription_id === 'string');
  const baseOnly = base && base.scope.subscriptions.length === 1 ? base.scope.subscriptions[0] : undefined;
  // Data sources read during planning read from the provider's subscription: when they all name one, that is it.
  const read = new Set(
    instances
      .filter((i) => i.mode === 'data' && typeof i.after.id === 'string' && isArmId(i.after.id))
      .map((i) => (i.after.id as string).split('/')[2].toLowerCase()),
  );
  const fromData = read.size === 1 ? [...read][0] : undefined;
  const fallback = byProvider.get('azurerm') ?? (client?.after.subscription_id as string | undefined) ?? fromData ?? baseOnly;
  return {
    of: (inst) => byProvider.get(inst.config?.provider_config_key ?? '') ?? fallback ?? PLACEHOLDER_SUBSCRIPTION,
    placeholder: fallback === undefined,
  };
}
