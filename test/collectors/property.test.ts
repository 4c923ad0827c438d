/**
 * Property: whatever Resource Manager sends (well-formed resources, nulls, wrong types, unknown
 * fields, random ids), buildModel + evaluate never throw, and every finding is well-formed.
 */
import fc from 'fast-check';
import { buildModel } from '../../src/model/build';
import type { ArmResource, Inventory } from '../../src/model/inventory';
import { evaluate } from '../../src/rules/engine';
import { RULES } from '../../src/rules';
import { SEVERITIES } from '../../src/rules/types';
import { demoTenant } from '../../src/fixtures/demo';

const SUB = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const TYPES = [
  'Microsoft.MachineLearningServices/workspaces',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.KeyVault/vaults',
  'Microsoft.ContainerRegistry/registries',
  'Microsoft.Network/privateEndpoints',
  'Microsoft.Network/virtualNetworks',
  'Microsoft.Network/networkSecurityGroups',
  'Microsoft.ContainerService/managedClusters',
  'Microsoft.Network/privateDnsZones',
  'Microsoft.Authorization/roleAssignments',
  'Microsoft.MachineLearningServices/workspaces/computes',
  'Microsoft.MachineLearningServices/workspaces/datastores',
];

const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.constant(null), fc.string(), fc.integer())),
);
const id = fc.oneof(
  fc.tuple(fc.constantFrom(...TYPES), fc.stringMatching(/^[a-z0-9-]{1,8}$/)).map(([t, n]) => {
    const [ns, ...rest] = t.split('/');
    return rest.length === 1
      ? `/subscriptions/${SUB}/resourceGroups/rg/providers/${ns}/${rest[0]}/${n}`
      : `/subscriptions/${SUB}/resourceGroups/rg/providers/${ns}/${rest[0]}/ws/${rest[1]}/${n}`;
  }),
  fc.string(),
);
/** A real resource from the demo with some of its fields (top level or in properties) replaced by junk. */
const mutated = (base: ArmResource[]) =>
  fc
    .tuple(
      fc.constantFrom(...base),
      fc.dictionary(fc.string({ maxLength: 20 }), junk, { maxKeys: 4 }),
      fc.dictionary(fc.constantFrom('properties', 'tags', 'identity', 'sku', 'type', 'name', 'location'), junk, { maxKeys: 3 }),
    )
    .map(([r, propPatch, topPatch]) => {
      const copy = structuredClone(r) as any;
      if (copy.properties && typeof copy.properties === 'object')
        for (const k of Object.keys(copy.properties).slice(0, 3)) copy.properties[k] = propPatch[k] ?? null;
      Object.assign(copy.properties ?? {}, propPatch);
      return { ...copy, ...topPatch } as ArmResource;
    });
const random = fc.record({
  id,
  type: fc.oneof(fc.constantFrom(...TYPES), junk),
  name: junk,
  properties: fc.oneof(junk, fc.dictionary(fc.string(), junk)),
}) as fc.Arbitrary<ArmResource>;

test('buildModel + evaluate never throw and every finding is well-formed', () => {
  const base = demoTenant().resources;
  fc.assert(
    fc.property(fc.array(fc.oneof(mutated(base), random, fc.constantFrom(...base)), { maxLength: 60 }), (resources) => {
      const inv: Inventory = { schemaVersion: 1, cloud: 'AzureCloud', scope: { subscriptions: [SUB] }, resources, gaps: [] };
      const result = evaluate(buildModel(inv), RULES);
      for (const f of result.findings) {
        expect(typeof f.ruleId).toBe('string');
        expect(SEVERITIES).toContain(f.severity);
        expect(typeof f.resourceId === 'string' && f.resourceId.length > 0).toBe(true);
        expect(typeof f.message === 'string' && f.message.length > 0).toBe(true);
        expect(Array.isArray(f.relatedResourceIds) && f.relatedResourceIds.every((x) => typeof x === 'string')).toBe(true);
      }
      // A rule that crashed on the data is reported as unevaluated, never silently: none should.
      expect(result.gaps.filter((g) => g.reason.startsWith('the rule failed'))).toEqual([]);
    }),
    { numRuns: 300, seed: 5 },
  );
});
