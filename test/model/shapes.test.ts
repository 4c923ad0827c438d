/**
 * Every entity of one type shares one V8 hidden class. Built as `{ ...node(r), ...fields }`, each of
 * a large tenant's entities had a class of its own, every property read in the rules went
 * megamorphic, and evaluation ran several times slower (docs/performance.md). This guards the
 * structure, not a timing: it asks V8 whether two objects have the same map.
 */
import * as v8 from 'node:v8';
import { buildModel } from '../../src/model/build';
import { syntheticTenant } from '../../src/fixtures/scale';

v8.setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

function shapes(objects: object[]): number {
  const representatives: object[] = [];
  for (const o of objects) if (!representatives.some((r) => haveSameMap(r, o))) representatives.push(o);
  return representatives.length;
}

describe('model entity shapes', () => {
  const tenant = syntheticTenant({ subscriptions: 2, workspaces: 40, seed: 'shapes' });
  const model = buildModel({
    schemaVersion: 1,
    cloud: 'AzureCloud',
    scope: { subscriptions: tenant.subscriptions.map((s) => s.subscriptionId) },
    resources: tenant.resources,
    gaps: [],
  });

  it.each([
    ['workspaces', () => model.workspaces],
    ['computes', () => model.workspaces.flatMap((w) => w.computes)],
    ['datastores', () => model.workspaces.flatMap((w) => w.datastores)],
    ['storage accounts', () => model.storageAccounts],
    ['key vaults', () => model.keyVaults],
    ['container registries', () => model.containerRegistries],
    ['private endpoints', () => model.privateEndpoints],
    ['virtual networks', () => model.virtualNetworks],
    ['subnets', () => model.virtualNetworks.flatMap((v) => v.subnets)],
    ['private DNS zones', () => model.privateDnsZones],
  ])('%s share one hidden class', (_name, list) => {
    const objects = list() as object[];
    expect(objects.length).toBeGreaterThan(1);
    expect(shapes(objects)).toBe(1);
  });
});
