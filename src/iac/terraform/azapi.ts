/**
 * The azapi provider: `azapi_resource` carries its ARM type (`Microsoft.X/y@api-version`), its
 * parent's id and the request `body`, which is already ARM-shaped (an object in azapi 2.x, a
 * `jsonencode` string in 1.x). `azapi_update_resource` merges its body into a resource that exists.
 * ARM children a GET shows inside their parent (subnets, security rules, routes, peerings, a
 * workspace's outbound rules) fold into it, as the azurerm ones do.
 */
import type { ArmResource } from '../../model/inventory';
import { normalizeId } from '../../model/ids';
import type { SourceRef } from '../plan';
import type { Ctx, Working } from './context';
import type { Json } from './plan-json';
import type { Mapping } from './mapping';

function armTypeOf(c: Ctx): string | undefined {
  const t = c.str('type');
  return t ? t.split('@')[0] : undefined;
}

/** Drops what the plan marks sensitive (`after_sensitive`): a secret in a body never reaches a record, a snapshot or a report. */
function withoutSensitive(body: Json, marker: unknown): Json {
  if (marker === true) return {};
  if (marker === null || typeof marker !== 'object') return body;
  for (const [k, m] of Object.entries(marker as Json)) {
    if (m === true) delete body[k];
    else if (body[k] !== null && typeof body[k] === 'object') withoutSensitive(body[k], m);
  }
  return body;
}

function bodyOf(c: Ctx, id: string): Json {
  return withoutSensitive(rawBodyOf(c, id), (c.inst.afterSensitive as Json | undefined)?.body);
}

function rawBodyOf(c: Ctx, id: string): Json {
  const raw = c.val('body');
  if (typeof raw === 'string') {
    try {
      const b = JSON.parse(raw);
      return b !== null && typeof b === 'object' ? (b as Json) : {};
    } catch {
      return {};
    }
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return JSON.parse(JSON.stringify(raw)) as Json;
  if (c.unknown('body')) c.value('body', id, 'properties');
  return {};
}

/** Every leaf of `body` that `after_unknown` marks: the ARM property it fills is unknown. */
function bodyUnknowns(c: Ctx, id: string): void {
  const marker = (c.inst.afterUnknown as Json | undefined)?.body;
  if (marker === true) return; // the whole body: recorded by bodyOf
  const refs = ((c.inst.config?.expressions?.body as Json | undefined)?.references ?? []) as string[];
  const walk = (m: unknown, path: string[]): void => {
    if (m === true) {
      c.env.unknown({
        resourceId: id,
        property: path.join('.'),
        reason: `${c.address}: body.${path.join('.')} is known only after apply (the body refers to ${refs.length > 0 ? refs.join(', ') : 'values computed at apply'}, and the plan does not show which value lands where)`,
      });
      return;
    }
    if (m !== null && typeof m === 'object') for (const [k, v] of Object.entries(m as Json)) walk(v, [...path, k]);
  };
  walk(marker, []);
}

function azapiId(c: Ctx): string | undefined {
  const type = armTypeOf(c);
  const parent = c.ref('parent_id', c.address, 'parent id');
  if (!type || !parent) return undefined;
  const segments = type.split('/');
  const isScope =
    /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?$/i.test(parent) ||
    /^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/i.test(parent);
  return segments.length > 2 && !isScope ? `${parent}/${segments[segments.length - 1]}/${c.name()}` : `${parent}/providers/${type}/${c.name()}`;
}

function azapiResource(c: Ctx, id: string): ArmResource {
  const body = bodyOf(c, id);
  bodyUnknowns(c, id);
  const identityType = c.str('identity.0.type');
  const tags = c.tags();
  return {
    ...body,
    id,
    name: c.name(),
    type: armTypeOf(c),
    ...((c.location() ?? body.location) ? { location: c.location() ?? body.location } : {}),
    ...(tags ? { tags } : {}),
    ...(identityType && !body.identity ? { identity: { type: identityType, principalId: c.str('identity.0.principal_id') } } : {}),
  } as ArmResource;
}

function deepMerge(target: Json, patch: Json): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && target[k] !== null && typeof target[k] === 'object' && !Array.isArray(target[k]))
      deepMerge(target[k], v as Json);
    else target[k] = v;
  }
}

export const AZAPI: Record<string, Mapping> = {
  azapi_resource: { armType: "(the resource's own type)", id: azapiId, build: azapiResource },
  azapi_update_resource: {
    armType: "(the resource's own type)",
    id: (c) => c.ref('resource_id', c.address, 'resource id') ?? azapiId(c),
    fold: {
      stage: 2,
      apply(c, id) {
        const target = c.env.working.parent(id, c.source, 'updates');
        if (target) {
          deepMerge(target as Json, bodyOf(c, id));
          bodyUnknowns(c, id);
        }
      },
    },
  },
};

/** ARM child types a GET returns inside their parent: where in the parent they go. */
const INSIDE_PARENT: Record<string, { list?: string; map?: string }> = {
  'microsoft.network/virtualnetworks/subnets': { list: 'subnets' },
  'microsoft.network/virtualnetworks/virtualnetworkpeerings': { list: 'virtualNetworkPeerings' },
  'microsoft.network/networksecuritygroups/securityrules': { list: 'securityRules' },
  'microsoft.network/routetables/routes': { list: 'routes' },
  'microsoft.machinelearningservices/workspaces/outboundrules': { map: 'managedNetwork.outboundRules' },
};

/** Folds an ARM child record into its parent; false when the type stays a resource of its own. */
export function foldArmChild(working: Working, record: ArmResource, source: SourceRef): boolean {
  const where = INSIDE_PARENT[String(record.type ?? '').toLowerCase()];
  if (!where) return false;
  const parentId = record.id.split('/').slice(0, -2).join('/');
  const parent = working.parent(parentId, source, `adds ${record.type} to`);
  if (!parent) return true;
  const p = (parent.properties ??= {}) as Json;
  if (where.list) {
    const list: Json[] = Array.isArray(p[where.list]) ? p[where.list] : (p[where.list] = []);
    const i = list.findIndex(
      (x) =>
        normalizeId(String(x?.id ?? '')) === normalizeId(record.id) ||
        String(x?.name ?? '').toLowerCase() === String(record.name ?? '').toLowerCase(),
    );
    const item = { id: record.id, name: record.name, properties: record.properties ?? {} };
    if (i >= 0) list[i] = item;
    else list.push(item);
  } else if (where.map) {
    p.managedNetwork ??= {};
    p.managedNetwork.outboundRules ??= {};
    p.managedNetwork.outboundRules[String(record.name)] = record.properties ?? {};
  }
  return true;
}
