/**
 * Each rule's declared needs cover what its check reads: run alone on the demo tenant (where every
 * rule fires) with everything it does not declare taken away (kinds outside `meta.requires`, and
 * children under parents its `meta.reads` conditions do not want), a rule must report exactly what
 * it reports on the whole tenant. A rule that reads an undeclared kind would lose or change findings
 * here, and in production would be run on a scan that never collected that kind.
 */
import { demoTenant } from '../../src/fixtures/demo';
import { buildModel } from '../../src/model/build';
import { parentOf, typeOfId } from '../../src/model/ids';
import type { ArmResource, DataKind, Inventory } from '../../src/model/inventory';
import { kindOfType } from '../../src/model/kinds';
import { RULES } from '../../src/rules';
import { evaluate } from '../../src/rules/engine';
import type { Rule } from '../../src/rules/types';

const tenant = demoTenant();
const full: Inventory = {
  schemaVersion: 1,
  cloud: 'AzureCloud',
  scope: { subscriptions: tenant.subscriptions.map((s) => s.subscriptionId) },
  resources: tenant.resources,
  gaps: [],
};
const kindOf = (r: ArmResource): DataKind | undefined => (kindOfType(String(r.type ?? '').toLowerCase()) ?? kindOfType(typeOfId(r.id) ?? ''))?.kind;

/** The inventory as a scan for this rule alone would have collected it. */
function declaredOnly(rule: Rule): Inventory {
  const requires = new Set<DataKind>(rule.meta.requires);
  const fullModel = buildModel(full);
  const kept = full.resources.filter((r) => {
    const kind = kindOf(r);
    if (!kind || !requires.has(kind)) return false;
    const conditions = (rule.meta.reads ?? []).filter((c) => c.kind === kind);
    if (conditions.length === 0) return true;
    const parent = parentOf(r.id);
    const entity = parent ? fullModel.get(parent) : undefined;
    return entity === undefined || conditions.some((c) => c.wants(entity as never, fullModel));
  });
  return { ...full, resources: kept, collected: [...requires] };
}

const findingsOf = (inv: Inventory, rule: Rule) =>
  evaluate(buildModel(inv), RULES, { enabled: new Set([rule.meta.id]) }).findings.map(
    (f) => `${f.severity} ${f.resourceId} ${f.message} ${JSON.stringify(f.evidence)}`,
  );

describe('declared needs cover what each rule reads', () => {
  it.each(RULES.filter((r) => !r.meta.reportsGaps).map((r) => [r.meta.id, r] as const))('%s', (_id, rule) => {
    const everything = findingsOf(full, rule);
    expect(everything.length).toBeGreaterThan(0); // the demo fires every rule, so a loss shows
    expect(findingsOf(declaredOnly(rule), rule)).toEqual(everything);
  });
});
