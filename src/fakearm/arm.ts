/**
 * Small helpers to build ARM ids and resources shaped like Resource Manager returns them
 * (see /work/shared/arm-examples): `id`, `name`, `type`, `location`, ... at the top and the
 * resource's settings nested under `properties` — never flattened the way the SDK models are.
 * The fake ARM server also uses them to work out a resource's type from its id.
 */
import type { ArmResource } from '../model/inventory';

/**
 * `/subscriptions/{sub}/resourceGroups/{rg}/providers/{Ns/type}/{name}[/{childType}/{childName}]...`
 * e.g. armId(s, 'rg1', 'Microsoft.MachineLearningServices/workspaces', 'ws1', 'computes', 'cpu').
 */
export function armId(sub: string, rg: string, type: string, name: string, ...childTypeNamePairs: string[]): string {
  if (childTypeNamePairs.length % 2 !== 0) throw new Error('armId: child types and names must come in pairs');
  const parts = [`/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`, ...childTypeNamePairs];
  return parts.join('/');
}

/** The id segments after the last `providers` segment: [Namespace, type, name, childType, childName, ...]. */
function providerTail(id: string): string[] | undefined {
  const segs = id.split('/').filter((s) => s !== '');
  let p = -1;
  for (let i = segs.length - 2; i >= 0; i--) {
    if (segs[i].toLowerCase() === 'providers') {
      p = i;
      break;
    }
  }
  return p < 0 ? undefined : segs.slice(p + 1);
}

/** The resource type an id names: `Microsoft.Network/virtualNetworks/subnets` for a subnet id. */
export function armTypeOf(id: string): string | undefined {
  const tail = providerTail(id);
  if (!tail || tail.length < 3 || tail.length % 2 === 0) return undefined;
  const types = [tail[0]];
  for (let i = 1; i < tail.length; i += 2) types.push(tail[i]);
  return types.join('/');
}

/** The last segment of an id. */
export function armNameOf(id: string): string {
  const segs = id.split('/').filter((s) => s !== '');
  return segs[segs.length - 1] ?? '';
}

/** The parent resource of a child resource id, or undefined for a top-level resource. */
export function armParentOf(id: string): string | undefined {
  const tail = providerTail(id);
  if (!tail || tail.length < 5) return undefined;
  return id.split('/').slice(0, -2).join('/');
}

/** Everything of an ArmResource but its id (`Omit` would lose the named keys to the index signature). */
export interface ArmResourceInit {
  name?: string;
  type?: string;
  location?: string;
  kind?: string;
  tags?: Record<string, string> | null;
  sku?: ArmResource['sku'];
  identity?: ArmResource['identity'];
  properties?: Record<string, any> | null;
  [key: string]: unknown;
}

/**
 * A resource with `name` and `type` derived from its id unless given:
 * armResource(armId(s, 'rg1', 'Microsoft.Network/virtualNetworks', 'vnet1'),
 *             { location: 'westus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } })
 */
export function armResource(id: string, init: ArmResourceInit = {}): ArmResource {
  const { name, type, ...rest } = init;
  return { id, name: name ?? armNameOf(id), type: type ?? armTypeOf(id), ...rest };
}

/** A sub-resource embedded in its parent's properties (a subnet in `properties.subnets`, an NSG rule, ...). */
export function armSubResource(
  parentId: string,
  childType: string,
  name: string,
  properties: Record<string, any> = {},
  withType = true,
): ArmResource {
  const id = `${parentId}/${childType}/${name}`;
  const r: ArmResource = { name, id };
  if (withType) r.type = armTypeOf(id);
  r.properties = properties;
  return r;
}

/** `{ id }`, the shape ARM uses for a reference to another resource. */
export function ref(id: string): { id: string } {
  return { id };
}
